import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../server/modules/customers/schema.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;

async function activeContact(ws: TestWorkspace, channel: 'email' | 'chat' = 'email') {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name: 'Aynur Quliyeva' }).returning();
  const i = (await ws.agent.post('/api/interactions', { customerId: c!.id, channel, ...(channel === 'email' ? { subject: 'Invoice copy' } : {}) })).json().interaction;
  expect((await ws.agent.post(`/api/interactions/${i.id}/assign`, { agentId: ws.agent.userId })).statusCode).toBe(200);
  return i.id as string;
}
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const snoozeNotes = async (id: string) => (await a.agent.get(`/api/interactions/${id}/messages`)).json().items
  .filter((m: { meta: { snooze?: unknown } }) => m.meta.snooze).map((m: { authorType: string; meta: { snooze: unknown } }) => ({ author: m.authorType, snooze: m.meta.snooze }));

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
});
afterAll(() => t?.close());

describe('snoozing an email', () => {
  it('takes the contact out of my list until its time, then brings it back with a note and a realtime reminder', async () => {
    const id = await activeContact(a);
    const until = later(1500);
    const res = await a.agent.post(`/api/interactions/${id}/snooze`, { until });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ interactionId: id, until: new Date(until).toISOString() });
    expect((await a.agent.get('/api/me/snoozed')).json().items).toEqual([{ interactionId: id, until: new Date(until).toISOString() }]);
    // Only mine: a colleague's list is empty.
    expect((await a.supervisor.get('/api/me/snoozed')).json().items).toEqual([]);

    // The job ends it: a system note, the list is empty again, the agent's topic tells the desktop.
    await expect.poll(async () => (await a.agent.get('/api/me/snoozed')).json().items, { timeout: 15_000, interval: 300 }).toEqual([]);
    await expect.poll(() => snoozeNotes(id), { timeout: 10_000, interval: 300 }).toEqual([
      { author: 'system', snooze: { until: new Date(until).toISOString(), by: a.agent.userId } },
      { author: 'system', snooze: { until: null, by: null, ended: true } },
    ]);
    const told = await t.database.pool.query(`SELECT payload FROM realtime_events WHERE topic = $1 AND type = 'interaction.snoozed' ORDER BY id`, [`user:${a.agent.userId}`]);
    expect(told.rows.map((r) => r.payload)).toEqual([
      { interactionId: id, until: new Date(until).toISOString(), ended: false },
      { interactionId: id, until: null, ended: true },
    ]);
  });

  it('wakes a contact early, and a replaced snooze does not end the newer one', async () => {
    const id = await activeContact(a);
    await a.agent.post(`/api/interactions/${id}/snooze`, { until: later(1200) });
    const second = later(3600_000);
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, { until: second })).statusCode).toBe(200);
    // The first snooze's job runs and finds itself replaced: still snoozed until the second time.
    await new Promise((r) => setTimeout(r, 3500));
    expect((await a.agent.get('/api/me/snoozed')).json().items).toEqual([{ interactionId: id, until: new Date(second).toISOString() }]);
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, { until: null })).json()).toEqual({ interactionId: id, until: null });
    expect((await a.agent.get('/api/me/snoozed')).json().items).toEqual([]);
    expect((await snoozeNotes(id)).at(-1)).toEqual({ author: 'system', snooze: { until: null, by: a.agent.userId } });
    const again = await a.agent.post(`/api/interactions/${id}/snooze`, { until: null });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('not_snoozed');
  });

  it('refuses chats, past or far times, other people\'s contacts, other workspaces and finished contacts', async () => {
    const chat = await activeContact(a, 'chat');
    const r1 = await a.agent.post(`/api/interactions/${chat}/snooze`, { until: later(60_000) });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.code).toBe('not_snoozable');

    const id = await activeContact(a);
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, { until: later(-1000) })).json().error.code).toBe('invalid_snooze');
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, { until: later(31 * 24 * 3600_000) })).json().error.code).toBe('invalid_snooze');
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, { until: 'tomorrow' })).statusCode).toBe(400);
    expect((await a.agent.post(`/api/interactions/${id}/snooze`, {})).statusCode).toBe(400);

    const colleague = await a.user('agent');
    expect((await colleague.post(`/api/interactions/${id}/snooze`, { until: later(60_000) })).statusCode).toBe(403);
    // A supervisor may snooze it for the agent; it shows in the agent's list.
    expect((await a.supervisor.post(`/api/interactions/${id}/snooze`, { until: later(60_000) })).statusCode).toBe(200);
    expect((await a.agent.get('/api/me/snoozed')).json().items.map((x: { interactionId: string }) => x.interactionId)).toContain(id);
    expect((await b.agent.post(`/api/interactions/${id}/snooze`, { until: later(60_000) })).statusCode).toBe(404);
    expect((await b.agent.get('/api/me/snoozed')).json().items).toEqual([]);

    await a.agent.post(`/api/interactions/${id}/wrap-up`);
    const closed = await a.agent.post(`/api/interactions/${id}/snooze`, { until: later(60_000) });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('not_active');
    // A contact in wrap-up is no longer listed as snoozed.
    expect((await a.agent.get('/api/me/snoozed')).json().items.map((x: { interactionId: string }) => x.interactionId)).not.toContain(id);
  });
});
