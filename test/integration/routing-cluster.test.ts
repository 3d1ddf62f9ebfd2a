import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { withDatabase } from '../../server/platform/db/index.js';
import { freePort } from '../support/ports.js';
import { killAll, signIn, startProduct, type ProductProcess } from '../support/process.js';
import { eventually } from '../support/routing.js';

const PASSWORD = 'demo-password-1';
const dirs: string[] = [];
afterAll(() => {
  killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The server process (by pid) holding the routing lock of a workspace. */
async function owner(url: string, workspaceId: string): Promise<number | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ app: string }>(`
      SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = hashtext('routing')::oid AND l.objid = hashtext($1)::oid`, [workspaceId]);
    return rows.length === 1 ? Number(rows[0]!.app.replace('tawasul-routing-', '')) : undefined;
  } finally {
    await c.end();
  }
}

describe('two server processes on one PostgreSQL', () => {
  it('exactly one routes a workspace, the other takes over when it dies, offers reach agents on either, nothing is assigned twice', async () => {
    const url = withDatabase(inject('templateUrl'), `tawasul_cluster_${Date.now().toString(36)}`);
    const env = async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-cluster-'));
      dirs.push(dataDir);
      return { DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD };
    };
    const e1 = await env();
    const p1 = await startProduct(e1);
    const e2 = await env();
    const p2 = await startProduct(e2);
    const [b1, b2] = [`http://127.0.0.1:${e1.PORT}`, `http://127.0.0.1:${e2.PORT}`];
    const sup = await signIn(b1, 'supervisor@demo.tawasul.test', PASSWORD);
    const ws = (await sup.call('GET', '/api/auth/me')).body.workspace.id as string;
    const byPid = new Map<number, ProductProcess>([[p1.child.pid!, p1], [p2.child.pid!, p2]]);
    const first = await eventually(() => owner(url, ws), 10_000, 'a routing owner');
    expect(byPid.has(first)).toBe(true);
    const standby = [...byPid.values()].find((p) => p.child.pid !== first)!;
    const standbyBase = standby === p1 ? b1 : b2;

    // An agent connected only to the process that does NOT route receives offers over its websocket.
    const agent = await signIn(standbyBase, 'agent1@demo.tawasul.test', PASSWORD);
    const socket = new WebSocket(`${standbyBase.replace('http', 'ws')}/api/realtime`, { headers: { cookie: agent.cookie } });
    const offers: { id: string; interactionId: string }[] = [];
    socket.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.kind === 'event' && m.type === 'routing.offer') offers.push(m.payload);
    });
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'subscribe', topics: [`user:${agent.user.id}`] }));
    expect((await agent.call('PUT', '/api/routing/me/state', { state: 'available' })).status).toBe(200);
    const sales = (await sup.call('GET', '/api/queues')).body.items.find((q: { name: string }) => q.name === 'Sales');
    const customers = (await sup.call('GET', '/api/customers?limit=6')).body.items as { id: string }[];
    const create = async (customerId: string, at: string) =>
      (await sup.call('POST', '/api/interactions', { customerId, channel: 'chat', queueId: sales.id }, at)).body.interaction.id as string;
    const c1 = await create(customers[0]!.id, standbyBase);
    await eventually(async () => offers.find((o) => o.interactionId === c1), 10_000, 'offer over the standby’s websocket');
    expect((await agent.call('POST', `/api/routing/offers/${offers.find((o) => o.interactionId === c1)!.id}/accept`)).status).toBe(200);

    // The owner dies; the standby takes over within seconds and routes new and waiting contacts.
    const queuedBefore = [await create(customers[1]!.id, standbyBase), await create(customers[2]!.id, standbyBase)];
    byPid.get(first)!.child.kill('SIGKILL');
    const t0 = Date.now();
    await eventually(async () => ((await owner(url, ws)) === standby.child.pid ? true : undefined), 10_000, 'takeover');
    const takeoverMs = Date.now() - t0;
    expect(takeoverMs).toBeLessThan(5_000);
    const after = await create(customers[3]!.id, standbyBase);
    const all = [c1, ...queuedBefore, after];
    // agent1 has chat capacity 3: c1 is assigned, so two more are offered and accepted, one waits.
    for (let round = 0; round < 2; round++) {
      const o = await eventually(async () => {
        const me = (await agent.call('GET', '/api/routing/me')).body;
        return me.offers[0] as { id: string } | undefined;
      }, 10_000, 'an offer after takeover');
      expect((await agent.call('POST', `/api/routing/offers/${o.id}/accept`)).status).toBe(200);
    }
    const items = await Promise.all(all.map(async (id) => (await sup.call('GET', `/api/interactions/${id}`, undefined, standbyBase)).body.interaction));
    expect(items.filter((i: { status: string }) => i.status === 'active')).toHaveLength(3);
    expect(items.filter((i: { status: string }) => i.status === 'queued')).toHaveLength(1);
    for (const id of all) {
      const types: string[] = (await sup.call('GET', `/api/interactions/${id}/events`, undefined, standbyBase)).body.items.map((e: { type: string }) => e.type);
      expect(types.filter((t) => t === 'accepted').length).toBeLessThanOrEqual(1);
    }
    expect((await agent.call('GET', '/api/routing/me')).body.load).toEqual({ chat: 3 });
    socket.close();
    const code = await standby.stop();
    expect(code, standby.output()).toBe(0);
    const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }, 180_000);
});
