import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../../server/platform/db/index.js';
import { freePort } from '../support/ports.js';
import { killAll, signIn, startProduct } from '../support/process.js';
import { eventually } from '../support/routing.js';

const PASSWORD = 'demo-password-1';
const dirs: string[] = [];
afterAll(() => {
  killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Settings for one product instance: its own data directory, and a fresh database (embedded or TEST_DATABASE_URL). */
async function productEnv() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-routing-'));
  dirs.push(dataDir);
  const base = { DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD };
  if (process.env.TEST_DATABASE_URL) return { ...base, DATABASE_URL: withDatabase(inject('templateUrl'), `tawasul_dur_${Date.now().toString(36)}`) };
  return { ...base, EMBEDDED_PG_PORT: String(await freePort()) };
}

type Api = Awaited<ReturnType<typeof signIn>>;
type Item = { id: string; status: string; assigneeId: string | null };

describe('routing survives a hard kill of the server', () => {
  it('after SIGKILL and restart every contact is queued or assigned exactly once, offers are remade and loads are right', async () => {
    const env = await productEnv();
    const base = `http://127.0.0.1:${env.PORT}`;
    const first = await startProduct(env);
    const sup = await signIn(base, 'supervisor@demo.tawasul.test', PASSWORD);
    // Demo: agent1 (sales 4) and agent3 (sales 3) serve the Sales queue; chat capacity 3 each.
    const agents: Api[] = [await signIn(base, 'agent1@demo.tawasul.test', PASSWORD), await signIn(base, 'agent3@demo.tawasul.test', PASSWORD)];
    for (const a of agents) expect((await a.call('PUT', '/api/routing/me/state', { state: 'available' })).status).toBe(200);
    const sales = (await sup.call('GET', '/api/queues')).body.items.find((q: { name: string }) => q.name === 'Sales');
    const customers = (await sup.call('GET', '/api/customers?limit=10')).body.items;
    const ids: string[] = [];
    for (const c of customers) {
      const r = await sup.call('POST', '/api/interactions', { customerId: c.id, channel: 'chat', queueId: sales.id });
      expect(r.status).toBe(201);
      ids.push(r.body.interaction.id);
    }
    const offersOf = async (a: Api) => (await a.call('GET', '/api/routing/me')).body.offers as { id: string; interactionId: string }[];
    await eventually(async () => (await offersOf(agents[0]!)).length + (await offersOf(agents[1]!)).length === 6, 10_000, 'six offers');
    const mine = await offersOf(agents[0]!);
    for (const o of mine.slice(0, 2)) expect((await agents[0]!.call('POST', `/api/routing/offers/${o.id}/accept`)).status).toBe(200);
    const accepted = mine.slice(0, 2).map((o) => o.interactionId);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startProduct(env);
    // Sessions live in the database, so the same clients keep working.
    const all = async () => Promise.all(ids.map(async (id) => (await sup.call('GET', `/api/interactions/${id}`)).body.interaction as Item));
    const items = await all();
    expect(items.filter((i) => i.status === 'active').map((i) => i.id).sort()).toEqual([...accepted].sort());
    expect(items.filter((i) => i.status === 'active').every((i) => i.assigneeId === agents[0]!.user.id)).toBe(true);
    expect(items.filter((i) => i.status === 'queued')).toHaveLength(8);

    // The new router withdraws the dead one's offers and offers again, within capacity: 1 more for agent1, 3 for agent3.
    await eventually(async () => (await offersOf(agents[0]!)).length === 1 && (await offersOf(agents[1]!)).length === 3, 10_000, 'offers remade');
    expect((await agents[0]!.call('GET', '/api/routing/me')).body.load).toEqual({ chat: 2 });
    const again = [...(await offersOf(agents[0]!)), ...(await offersOf(agents[1]!))];
    expect(new Set(again.map((o) => o.interactionId)).size).toBe(4);
    expect(again.some((o) => accepted.includes(o.interactionId))).toBe(false);

    // Accepting after the restart works, and no contact was ever assigned twice.
    for (const a of agents) for (const o of await offersOf(a)) expect((await a.call('POST', `/api/routing/offers/${o.id}/accept`)).status).toBe(200);
    for (const id of ids) {
      const types: string[] = (await sup.call('GET', `/api/interactions/${id}/events`)).body.items.map((e: { type: string }) => e.type);
      expect(types.filter((t) => t === 'accepted').length).toBeLessThanOrEqual(1);
      expect(types[0]).toBe('created');
    }
    expect((await all()).filter((i) => i.status === 'active')).toHaveLength(6);
    const code = await second.stop();
    expect(code, second.output()).toBe(0);
  }, 180_000);
});
