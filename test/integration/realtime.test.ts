import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildServer, type Server } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config/index.js';
import { createLogger } from '../../server/platform/logger.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

type Msg = { kind: string; id?: number; topic?: string; type?: string; payload?: { n?: number }; denied?: string[]; topics?: string[] };

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let second: Server;
let secondUrl: string;

/** A websocket client that collects messages and can wait for a number of events. */
async function connect(url: string, c: Client) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/realtime`, { headers: { cookie: c.cookie } });
  const messages: Msg[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    messages.push(JSON.parse(String(d)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('error', rej);
  });
  const until = async (pred: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return {
    ws, messages,
    events: () => messages.filter((m) => m.kind === 'event'),
    async subscribe(topics: string[], lastEventId?: number) {
      const before = messages.filter((m) => m.kind === 'subscribed').length;
      ws.send(JSON.stringify({ type: 'subscribe', topics, lastEventId }));
      await until(() => messages.filter((m) => m.kind === 'subscribed').length > before);
      return messages.filter((m) => m.kind === 'subscribed').at(-1)!;
    },
    until,
    close: () => new Promise<void>((r) => { ws.once('close', () => r()); ws.close(); }),
  };
}

const publish = (server: Server, workspaceId: string, topic: string, n: number) =>
  server.ctx.bus.publish({ workspaceId, topic, type: 'test.event', payload: { n } });

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  a = await t.workspace('A');
  b = await t.workspace('B');
  // A second server process on the same database: events must cross between them.
  second = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/tawasul-rt-second' }), database: t.database, log: createLogger('silent'), serveWeb: false });
  await second.app.listen({ port: 0, host: '127.0.0.1' });
  secondUrl = `http://127.0.0.1:${(second.app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

describe('realtime websocket', () => {
  it('refuses a socket without a session', async () => {
    const ws = new WebSocket(`${t.url!.replace('http', 'ws')}/api/realtime`);
    const status = await new Promise<number>((r) => ws.on('unexpected-response', (_req, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('grants only topics the user may see and never delivers another workspace’s events', async () => {
    const c = await connect(t.url!, a.agent);
    const sub = await c.subscribe(['workspace', `user:${a.agent.userId}`, `user:${a.admin.userId}`, 'supervisors', 'nonsense:1']);
    expect(sub.topics).toEqual(['workspace', `user:${a.agent.userId}`]);
    expect(sub.denied).toEqual([`user:${a.admin.userId}`, 'supervisors', 'nonsense:1']);
    await publish(t.server, b.id, 'workspace', 1);
    await publish(t.server, a.id, `user:${a.admin.userId}`, 2);
    await publish(t.server, a.id, 'workspace', 3);
    await c.until(() => c.events().length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.events().map((e) => e.payload?.n)).toEqual([3]);
    await c.close();
  });

  it('a client that reconnects with its last event id gets everything it missed, in order, exactly once', async () => {
    const c1 = await connect(t.url!, a.supervisor);
    await c1.subscribe(['workspace', 'supervisors']);
    for (let n = 1; n <= 5; n++) await publish(t.server, a.id, n % 2 ? 'workspace' : 'supervisors', n);
    // Only the test's own events are counted: the router publishes queue stats on `supervisors` meanwhile.
    await c1.until(() => c1.events().filter((e) => e.type === 'test.event').length === 5);
    const last = c1.events().at(-1)!.id!;
    await c1.close();

    // While away: 30 events, some published concurrently, some on a topic it does not follow.
    await Promise.all(Array.from({ length: 20 }, (_, i) => publish(t.server, a.id, 'workspace', 100 + i)));
    for (let n = 200; n < 210; n++) await publish(t.server, a.id, n % 2 ? 'workspace' : `user:${a.agent.userId}`, n);

    const c2 = await connect(secondUrl, a.supervisor);
    await c2.subscribe(['workspace', 'supervisors'], last);
    // Live events published right after the resume continue the same ordered stream.
    await Promise.all(Array.from({ length: 5 }, (_, i) => publish(second, a.id, 'workspace', 300 + i)));
    // Only the test's own events are counted: the router publishes queue stats on `supervisors` meanwhile.
    const mine = () => c2.events().filter((e) => e.type === 'test.event');
    await c2.until(() => mine().length >= 20 + 5 + 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(mine()).toHaveLength(20 + 5 + 5);
    const ids = c2.events().map((e) => e.id!);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const ns = mine().map((e) => e.payload!.n!);
    expect(ns.filter((n) => n >= 100 && n < 200).sort()).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(ns.filter((n) => n >= 200 && n < 300)).toEqual([201, 203, 205, 207, 209]);
    expect(ns.filter((n) => n >= 300).sort()).toEqual([300, 301, 302, 303, 304]);
    // Nothing it already had is sent again.
    expect(ns.filter((n) => n <= 5)).toEqual([]);
    await c2.close();
  });

  it('events published in a transaction appear when it commits, in order; a rolled-back one publishes nothing', async () => {
    const c = await connect(t.url!, a.admin);
    await c.subscribe([`user:${a.admin.userId}`]);
    const topic = `user:${a.admin.userId}`;
    const { db, bus } = t.server.ctx;
    await db.transaction(async (tx) => {
      await bus.publish([{ workspaceId: a.id, topic, type: 'test.event', payload: { n: 1 } }, { workspaceId: a.id, topic, type: 'test.event', payload: { n: 2 } }], tx);
      await bus.publish({ workspaceId: a.id, topic, type: 'test.event', payload: { n: 3 } }, tx);
      await new Promise((r) => setTimeout(r, 150));
      expect(c.events()).toEqual([]); // not before COMMIT
    });
    await db.transaction(async (tx) => {
      await bus.publish({ workspaceId: a.id, topic, type: 'test.event', payload: { n: 99 } }, tx);
      tx.rollback();
    }).catch(() => {});
    await publish(t.server, a.id, topic, 4);
    await c.until(() => c.events().some((e) => e.payload?.n === 4));
    expect(c.events().map((e) => e.payload?.n)).toEqual([1, 2, 3, 4]);
    const ids = c.events().map((e) => e.id!);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    await c.close();
  });

  it('an event whose id is taken before another’s but commits after it is delivered first; a rolled-back id is skipped', async () => {
    const c = await connect(t.url!, a.admin);
    const topic = `user:${a.admin.userId}`;
    await c.subscribe([topic]);
    const slow = await t.database.pool.connect();
    const insert = (n: number) => slow.query(`INSERT INTO realtime_events (workspace_id, topic, type, payload) VALUES ($1, $2, 'test.event', $3::jsonb)`, [a.id, topic, JSON.stringify({ n })]);
    try {
      // The slow writer holds id k; the next id k+1 commits at once.
      await slow.query('BEGIN');
      await insert(1);
      await publish(t.server, a.id, topic, 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(c.events()).toEqual([]); // 2 waits for 1
      await slow.query('COMMIT');
      await c.until(() => c.events().length === 2);
      expect(c.events().map((e) => e.payload?.n)).toEqual([1, 2]);
      // A writer that takes an id and rolls back holds the stream only until it has ended.
      await slow.query('BEGIN');
      await insert(3);
      await publish(t.server, a.id, topic, 4);
      await new Promise((r) => setTimeout(r, 200));
      expect(c.events()).toHaveLength(2);
      await slow.query('ROLLBACK');
      await c.until(() => c.events().length === 3);
      expect(c.events().map((e) => e.payload?.n)).toEqual([1, 2, 4]);
    } finally {
      slow.release();
      await c.close();
    }
  });

  it('delivers events published by another server process', async () => {
    const c = await connect(t.url!, a.admin);
    await c.subscribe([`user:${a.admin.userId}`]);
    await publish(second, a.id, `user:${a.admin.userId}`, 42);
    await c.until(() => c.events().some((e) => e.payload?.n === 42));
    await c.close();
  });

  it('closes the socket when the session ends', async () => {
    const user = await a.user('agent');
    const c = await connect(t.url!, user);
    await c.subscribe(['workspace']);
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    await user.post('/api/auth/logout-all');
    expect(await closed).toBe(4001);
  });
});
