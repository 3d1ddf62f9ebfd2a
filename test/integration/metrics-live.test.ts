import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';
import { eventually, newContact, offered, routingFixture, setState } from '../support/routing.js';

let t: TestServer;
let w: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  w = await t.workspace('Wallboard');
});
afterAll(() => t?.close());

type Snapshot = { at: string; queues: { queueId: string; waiting: number; answeredToday: number; abandonedToday: number; offeredToday: number; asaToday: number | null; agents: Record<string, number> }[]; agents: { agentId: string; state: string; contacts: number; handledToday: number; aht: number | null }[] };
type Msg = { kind: string; topic?: string; type?: string; payload?: Snapshot; denied?: string[] };

async function listen(c: Client, topics: string[]) {
  const ws = new WebSocket(`${t.url!.replace('http', 'ws')}/api/realtime`, { headers: { cookie: c.cookie } });
  const messages: (Msg & { receivedAt: number })[] = [];
  ws.on('message', (d) => messages.push({ ...JSON.parse(String(d)), receivedAt: Date.now() }));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe', topics }));
  const subscribed = await eventually(async () => messages.find((m) => m.kind === 'subscribed'), 3000, 'subscribed');
  return { ws, subscribed, snapshots: () => messages.filter((m) => m.kind === 'event' && m.type === 'wallboard.snapshot') };
}

describe('live wallboard', () => {
  it('pushes a fresh snapshot within 2 s of a contact arriving, being answered and abandoned', async () => {
    const f = await routingFixture(w, { agents: 1 });
    const board = await listen(w.supervisor, ['wallboard']);
    const queueOf = (s: Snapshot) => s.queues.find((q) => q.queueId === f.queueId)!;
    const within2s = async (since: number, pred: (s: Snapshot) => boolean, what: string) => {
      const m = await eventually(async () => board.snapshots().find((x) => x.receivedAt >= since && pred(x.payload!)), 4000, what);
      expect(m.receivedAt - since, what).toBeLessThan(2000);
      return m.payload!;
    };
    let t0 = Date.now();
    const id = await newContact(w, f.customerId, f.queueId);
    await within2s(t0, (s) => queueOf(s).waiting === 1 && queueOf(s).offeredToday === 1, 'waiting 1');

    await setState(f.agents[0]!, 'available');
    const { offer } = await offered(f.agents, id);
    t0 = Date.now();
    expect((await f.agents[0]!.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    const s = await within2s(t0, (x) => queueOf(x).answeredToday === 1 && queueOf(x).waiting === 0, 'answered 1');
    expect(s.agents.find((a) => a.agentId === f.agents[0]!.userId)).toMatchObject({ state: 'busy', contacts: 1 });
    expect(queueOf(s).asaToday).not.toBeNull();

    // Closing it: the agent's handled today and AHT follow; the agent is in after-contact work.
    t0 = Date.now();
    expect((await f.agents[0]!.post(`/api/interactions/${id}/close`, { resolved: true })).statusCode).toBe(200);
    const closed = await within2s(t0, (x) => (x.agents.find((a) => a.agentId === f.agents[0]!.userId)?.handledToday ?? 0) === 1, 'handled today 1');
    expect(closed.agents.find((a) => a.agentId === f.agents[0]!.userId)).toMatchObject({ state: 'after_contact_work', contacts: 0, handledToday: 1, aht: expect.any(Number) });

    await setState(f.agents[0]!, 'away', 'break');
    const gone = await newContact(w, f.customerId, f.queueId);
    await new Promise((r) => setTimeout(r, 5100)); // past the short-abandon threshold
    t0 = Date.now();
    expect((await w.supervisor.post(`/api/interactions/${gone}/abandon`)).statusCode).toBe(204);
    await within2s(t0, (x) => queueOf(x).abandonedToday === 1 && queueOf(x).waiting === 0, 'abandoned 1');

    const rest = await w.supervisor.get('/api/metrics/wallboard');
    expect(rest.statusCode).toBe(200);
    expect(queueOf(rest.json())).toMatchObject({ answeredToday: 1, abandonedToday: 1, offeredToday: 2 });
    board.ws.close();
  });

  it('lets supervisors and admins watch the wallboard, not agents', async () => {
    const agent = await listen(w.agent, ['wallboard']);
    expect(agent.subscribed.denied).toEqual(['wallboard']);
    agent.ws.close();
    expect((await w.agent.get('/api/metrics/wallboard')).statusCode).toBe(403);
  });
});
