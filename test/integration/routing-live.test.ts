import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';
import { eventually, newContact, offered, routingFixture, setState } from '../support/routing.js';

let t: TestServer;
let w: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  w = await t.workspace('Live');
});
afterAll(() => t?.close());

type Msg = { kind: string; topic?: string; type?: string; payload?: Record<string, unknown> };

async function listen(c: Client, topics: string[]) {
  const ws = new WebSocket(`${t.url!.replace('http', 'ws')}/api/realtime`, { headers: { cookie: c.cookie } });
  const messages: Msg[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe', topics }));
  await eventually(async () => messages.some((m) => m.kind === 'subscribed'), 3000, 'subscribed');
  return { ws, events: (type: string) => messages.filter((m) => m.kind === 'event' && m.type === type) };
}

describe('routing in realtime', () => {
  it('tells a waiting contact its place in line as it moves up, and an agent of its offer', async () => {
    const f = await routingFixture(w, { agents: 1 });
    const ids = [await newContact(w, f.customerId, f.queueId), await newContact(w, f.customerId, f.queueId)];
    const watcher = await listen(w.supervisor, [`interaction:${ids[1]}`, 'supervisors']);
    await eventually(async () => watcher.events('routing.position').some((e) => e.payload!.position === 2), 5000, 'position 2');
    const agent = await listen(f.agents[0]!, [`user:${f.agents[0]!.userId}`]);
    await setState(f.agents[0]!, 'available');
    // The agent takes the first contact; the second moves up to first in line.
    const offer = await eventually(async () => agent.events('routing.offer')[0]?.payload, 5000, 'offer event');
    expect(offer).toMatchObject({ interactionId: ids[0], customerName: 'Routing Customer' });
    expect((await f.agents[0]!.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    await eventually(async () => agent.events('routing.assigned').some((e) => e.payload!.interactionId === ids[0]), 5000, 'assigned event');
    // Capacity 3: the second contact is offered at once, so it leaves the line.
    await offered([f.agents[0]!], ids[1]!);
    await eventually(async () => watcher.events('routing.queue_stats').some((e) => (e.payload!.queues as { queueId: string; offered: number }[]).some((q) => q.queueId === f.queueId && q.offered === 1)), 5000, 'queue stats');
    expect(watcher.events('routing.agent_state').some((e) => e.payload!.userId === f.agents[0]!.userId && e.payload!.state === 'available')).toBe(true);
    watcher.ws.close();
    agent.ws.close();
  });

  it('puts an agent into after-contact work when a contact ends, and back to available when it runs out', async () => {
    const f = await routingFixture(w, { agents: 1, settings: { afterContactWorkSeconds: 1 } });
    const [a] = f.agents;
    await setState(a!, 'available');
    const id = await newContact(w, f.customerId, f.queueId);
    const { offer } = await offered([a!], id);
    await a!.post(`/api/routing/offers/${offer.id}/accept`);
    expect((await a!.post(`/api/interactions/${id}/close`, { resolved: true })).statusCode).toBeLessThan(300);
    await eventually(async () => (await a!.get('/api/routing/me')).json().state === 'after_contact_work', 5000, 'ACW');
    await eventually(async () => (await a!.get('/api/routing/me')).json().state === 'available', 5000, 'ACW ended');
  });
});
