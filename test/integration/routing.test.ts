import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';
import { eventually, newContact, offered, offersOf, routingFixture, setState } from '../support/routing.js';

let t: TestServer;
let w: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  w = await t.workspace('Routing');
  other = await t.workspace('Elsewhere');
});
afterAll(() => t?.close());

const eventTypes = async (id: string) => (await w.supervisor.get(`/api/interactions/${id}/events`)).json().items.map((e: { type: string }) => e.type);

describe('routing a contact to an agent', () => {
  it('offers a queued contact to an available agent with the skill; accepting assigns it, with every step in the log', async () => {
    const f = await routingFixture(w, { agents: 1 });
    const [agent] = f.agents;
    const id = await newContact(w, f.customerId, f.queueId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await offersOf(agent!)).toEqual([]); // offline agents get nothing
    const me = await setState(agent!, 'available');
    expect(me.state).toBe('available');
    const { offer } = await offered([agent!], id);
    expect(offer.customerName).toBe('Routing Customer');
    const acc = await agent!.post(`/api/routing/offers/${offer.id}/accept`);
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toEqual({ interactionId: id });
    const i = (await w.supervisor.get(`/api/interactions/${id}`)).json();
    expect(i.interaction ?? i).toMatchObject({ status: 'active', assigneeId: agent!.userId });
    expect(await eventTypes(id)).toEqual(['created', 'queued', 'offered', 'accepted', 'answered']);
    expect((await agent!.get('/api/routing/me')).json().load).toEqual({ chat: 1 });
    // A second accept of the same offer is refused.
    expect((await agent!.post(`/api/routing/offers/${offer.id}/accept`)).json().error.code).toBe('offer_expired');
  });

  it('re-offers to the next agent on reject and on timeout, and sets an agent away after missed offers', async () => {
    const f = await routingFixture(w, { agents: 2, settings: { acceptTimeoutSeconds: { chat: 2 }, maxMissedOffers: 1 } });
    for (const a of f.agents) await setState(a, 'available');
    const id = await newContact(w, f.customerId, f.queueId);
    const first = await offered(f.agents, id);
    expect((await first.agent.post(`/api/routing/offers/${first.offer.id}/reject`)).statusCode).toBe(204);
    const second = await offered(f.agents.filter((a) => a !== first.agent), id);
    // Nobody answers: the offer times out, and one missed offer (the queue's limit) sets the agent away.
    await eventually(async () => (await second.agent.get('/api/routing/me')).json().state === 'away', 6000, 'agent set away');
    const me = (await second.agent.get('/api/routing/me')).json();
    expect(me.reason).toBe('missed_offers');
    expect(me.offers).toEqual([]);
    const types = await eventTypes(id);
    expect(types.slice(0, 6)).toEqual(['created', 'queued', 'offered', 'rejected', 'offered', 'timed_out']);
  });

  it('revokes the offer when the customer leaves the queue', async () => {
    const f = await routingFixture(w, { agents: 1 });
    await setState(f.agents[0]!, 'available');
    const id = await newContact(w, f.customerId, f.queueId);
    await offered(f.agents, id);
    expect((await w.supervisor.post(`/api/interactions/${id}/abandon`)).statusCode).toBe(204);
    await eventually(async () => (await offersOf(f.agents[0]!)).length === 0, 5000, 'offer revoked');
    expect(await eventTypes(id)).toEqual(['created', 'queued', 'offered', 'abandoned']);
  });

  it('an accept racing the customer leaving ends one way only: answered, or abandoned with the offer revoked', async () => {
    const f = await routingFixture(w, { agents: 1 });
    const agent = f.agents[0]!;
    await setState(agent, 'available');
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const id = await newContact(w, f.customerId, f.queueId);
      const { offer } = await offered([agent], id);
      const [accept, abandon] = await Promise.all([
        agent.post(`/api/routing/offers/${offer.id}/accept`),
        w.supervisor.post(`/api/interactions/${id}/abandon`),
      ]);
      const types = await eventTypes(id);
      const i = (await w.supervisor.get(`/api/interactions/${id}`)).json();
      const row = i.interaction ?? i;
      if (accept.statusCode === 200) {
        // The agent has it; the customer's leaving came too late to abandon a contact in the queue.
        outcomes.add('answered');
        expect(types).not.toContain('abandoned');
        expect(row.assigneeId).toBe(agent.userId);
        expect(abandon.statusCode, abandon.body).toBeGreaterThanOrEqual(400);
        expect(abandon.statusCode).toBeLessThan(500);
        expect((await agent.post(`/api/interactions/${id}/close`, { resolved: true })).statusCode).toBe(200);
        await setState(agent, 'available'); // ready again, ending after-contact work
      } else {
        outcomes.add('abandoned');
        expect(accept.statusCode, accept.body).toBe(409);
        expect(abandon.statusCode).toBe(204);
        expect(types).not.toContain('accepted');
        expect(types).toContain('abandoned');
        expect(row.assigneeId).toBeNull();
        // Nothing was handled: no after-contact work.
        expect((await agent.get('/api/routing/me')).json().state).toBe('available');
      }
      await eventually(async () => (await offersOf(agent)).length === 0, 5000, 'no offer left');
      // The agent's load is right either way.
      await eventually(async () => JSON.stringify((await agent.get('/api/routing/me')).json().load) === '{}', 5000, 'load back to zero');
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('a transfer to another agent keeps the original queue time', async () => {
    const f = await routingFixture(w, { agents: 2 });
    const [a1, a2] = f.agents;
    await setState(a1!, 'available');
    const id = await newContact(w, f.customerId, f.queueId);
    const { offer } = await offered([a1!], id);
    await a1!.post(`/api/routing/offers/${offer.id}/accept`);
    const before = (await w.supervisor.get(`/api/interactions/${id}`)).json();
    await setState(a2!, 'available');
    const tr = await a1!.post(`/api/interactions/${id}/transfer`, { agentId: a2!.userId, note: 'Over to you' });
    expect(tr.statusCode, tr.body).toBe(202);
    const o2 = await offered([a2!], id);
    expect((await a2!.post(`/api/routing/offers/${o2.offer.id}/accept`)).statusCode).toBe(200);
    const after = (await w.supervisor.get(`/api/interactions/${id}`)).json();
    expect((after.interaction ?? after).assigneeId).toBe(a2!.userId);
    expect((after.interaction ?? after).enqueuedAt).toBe((before.interaction ?? before).enqueuedAt);
    expect(await eventTypes(id)).toEqual(['created', 'queued', 'offered', 'accepted', 'answered', 'transferred', 'offered', 'accepted']);
    expect((await a1!.get('/api/routing/me')).json().load).toEqual({});
  });

  it('shows queue position and queue stats; away needs a reason code', async () => {
    const f = await routingFixture(w, { agents: 1 });
    const ids = [await newContact(w, f.customerId, f.queueId), await newContact(w, f.customerId, f.queueId)];
    const pos = (await w.supervisor.get(`/api/interactions/${ids[1]}/position`)).json();
    expect(pos).toMatchObject({ status: 'queued', position: 2 });
    const stats = (await w.supervisor.get('/api/routing/queues/stats')).json().items.find((q: { queueId: string }) => q.queueId === f.queueId);
    expect(stats).toMatchObject({ waiting: 2, offered: 0 });
    const bad = await f.agents[0]!.request('PUT', '/api/routing/me/state', { state: 'away' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('invalid_reason');
    expect((await setState(f.agents[0]!, 'away', 'lunch')).reason).toBe('lunch');
  });

  it('keeps workspaces apart: nobody outside sees or accepts an offer', async () => {
    const f = await routingFixture(w, { agents: 1 });
    await setState(f.agents[0]!, 'available');
    const id = await newContact(w, f.customerId, f.queueId);
    const { offer } = await offered(f.agents, id);
    expect((await other.agent.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(404);
    expect((await other.agent.post(`/api/routing/offers/${offer.id}/reject`)).statusCode).toBe(404);
    expect((await other.supervisor.get(`/api/interactions/${id}/position`)).statusCode).toBe(404);
    expect((await other.supervisor.post(`/api/interactions/${id}/force-assign`, { agentId: other.agent.userId })).statusCode).toBe(404);
    expect((await w.supervisor.post(`/api/interactions/${id}/force-assign`, { agentId: other.agent.userId })).statusCode).toBe(422);
  });
});
