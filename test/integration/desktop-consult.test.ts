import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../server/modules/customers/schema.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let colleague: Client;

async function activeContact(ws: TestWorkspace) {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name: 'Rauf Sadiqov' }).returning();
  const i = (await ws.agent.post('/api/interactions', { customerId: c!.id, channel: 'chat' })).json().interaction;
  expect((await ws.agent.post(`/api/interactions/${i.id}/assign`, { agentId: ws.agent.userId })).statusCode).toBe(200);
  return i.id as string;
}
const events = async (topic: string, type: string) =>
  (await t.database.pool.query(`SELECT payload FROM realtime_events WHERE topic = $1 AND type = $2 ORDER BY id`, [topic, type])).rows.map((r) => r.payload);

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  colleague = await a.user('agent');
});
afterAll(() => t?.close());

describe('warm transfer: asking a colleague first', () => {
  it('asks, the colleague accepts, the first agent keeps the contact until they transfer it', async () => {
    const id = await activeContact(a);
    const asked = await a.agent.post(`/api/interactions/${id}/consult`, { agentId: colleague.userId, note: 'Refund over the limit, can you take it?' });
    expect(asked.statusCode).toBe(201);
    const { consultId } = asked.json();
    expect(asked.json().status).toBe('asked');
    const told = await events(`user:${colleague.userId}`, 'consult.asked');
    expect(told).toEqual([expect.objectContaining({ interactionId: id, consultId, byId: a.agent.userId, customerName: 'Rauf Sadiqov', channel: 'chat', note: 'Refund over the limit, can you take it?' })]);

    // Still the first agent's contact.
    expect((await a.agent.get(`/api/interactions/${id}`)).json().interaction).toMatchObject({ status: 'active', assigneeId: a.agent.userId });
    // Only the asked colleague answers.
    expect((await a.agent.post(`/api/interactions/${id}/consult/${consultId}/answer`, { accept: true })).statusCode).toBe(403);
    const answer = await colleague.post(`/api/interactions/${id}/consult/${consultId}/answer`, { accept: true });
    expect(answer.json()).toEqual({ consultId, status: 'accepted' });
    expect((await colleague.post(`/api/interactions/${id}/consult/${consultId}/answer`, { accept: false })).json().error.code).toBe('already_answered');
    expect(await events(`user:${a.agent.userId}`, 'consult.answered')).toEqual([expect.objectContaining({ interactionId: id, consultId, accepted: true, byId: colleague.userId })]);
    const note = (await a.agent.get(`/api/interactions/${id}/messages`)).json().items.find((m: { id: string }) => m.id === consultId);
    expect(note).toMatchObject({ kind: 'note', body: 'Refund over the limit, can you take it?', meta: { consult: { to: colleague.userId, by: a.agent.userId, status: 'accepted' } } });
  });

  it('records a decline, and refuses what does not fit', async () => {
    const id = await activeContact(a);
    const { consultId } = (await a.agent.post(`/api/interactions/${id}/consult`, { agentId: colleague.userId, note: 'Can you?' })).json();
    expect((await colleague.post(`/api/interactions/${id}/consult/${consultId}/answer`, { accept: false })).json().status).toBe('declined');

    expect((await a.agent.post(`/api/interactions/${id}/consult`, { agentId: a.agent.userId, note: 'me' })).json().error.code).toBe('invalid_agent');
    expect((await a.agent.post(`/api/interactions/${id}/consult`, { agentId: b.agent.userId, note: 'other workspace' })).json().error.code).toBe('invalid_agent');
    expect((await colleague.post(`/api/interactions/${id}/consult`, { agentId: a.supervisor.userId, note: 'not mine' })).statusCode).toBe(403);
    expect((await a.agent.post(`/api/interactions/${id}/consult`, { agentId: colleague.userId, note: '' })).statusCode).toBe(400);
    expect((await b.agent.post(`/api/interactions/${id}/consult`, { agentId: b.supervisor.userId, note: 'x' })).statusCode).toBe(404);
    expect((await colleague.post(`/api/interactions/${id}/consult/${id}/answer`, { accept: true })).statusCode).toBe(404);

    // Once the contact has moved on, an open request can no longer be accepted.
    const again = (await a.agent.post(`/api/interactions/${id}/consult`, { agentId: colleague.userId, note: 'Now?' })).json().consultId;
    await a.agent.post(`/api/interactions/${id}/wrap-up`);
    expect((await colleague.post(`/api/interactions/${id}/consult/${again}/answer`, { accept: true })).json().error.code).toBe('not_active');
    expect((await a.agent.post(`/api/interactions/${id}/consult`, { agentId: colleague.userId, note: 'late' })).json().error.code).toBe('not_active');
  });
});
