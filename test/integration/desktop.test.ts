import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, orders } from '../../server/modules/customers/schema.js';
import { realtimeEvents } from '../../server/platform/realtime/schema.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let queueA: string;

async function activeContact(ws: TestWorkspace, name = 'Leyla Aliyeva') {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name }).returning();
  const i = (await ws.agent.post('/api/interactions', { customerId: c!.id, channel: 'chat' })).json().interaction;
  expect((await ws.agent.post(`/api/interactions/${i.id}/assign`, { agentId: ws.agent.userId })).statusCode).toBe(200);
  return { customerId: c!.id, id: i.id as string };
}

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  queueA = (await a.admin.post('/api/queues', { name: 'Support', channels: ['chat'] })).json().queue.id;
});
afterAll(() => t?.close());

describe('saved answers', () => {
  it('admins write them, agents find them by text or shortcut and get the variables filled for a contact', async () => {
    const created = await a.admin.post('/api/saved-answers', {
      title: 'Order shipped', shortcut: 'shipped', body: 'Hello {{customer.first_name}}, order {{order.number}} is {{order.status}}. {{agent.name}}',
    });
    expect(created.statusCode).toBe(201);
    const answer = created.json().answer;
    expect(answer.variables).toEqual(['customer.first_name', 'order.number', 'order.status', 'agent.name']);
    expect((await a.agent.post('/api/saved-answers', { title: 'x', body: 'y' })).statusCode).toBe(403);
    expect((await a.admin.post('/api/saved-answers', { title: 'Again', shortcut: 'shipped', body: 'y' })).json().error.code).toBe('shortcut_taken');

    expect((await a.agent.get('/api/saved-answers?q=shipp')).json().items.map((x: { id: string }) => x.id)).toEqual([answer.id]);
    expect((await b.agent.get('/api/saved-answers?q=shipp')).json().items).toEqual([]);

    const contact = await activeContact(a);
    const missing = (await a.agent.post(`/api/saved-answers/${answer.id}/render`, { interactionId: contact.id })).json();
    expect(missing.text).toBe('Hello Leyla, order [order.number] is [order.status]. agent ' + missing.text.split('. agent ')[1]);
    expect(missing.missing).toEqual(['order.number', 'order.status']);

    await t.database.db.insert(orders).values({ workspaceId: a.id, customerId: contact.customerId, number: 'A-1001', status: 'shipped', currency: 'AZN', amount: '12.50' });
    const filled = (await a.agent.post(`/api/saved-answers/${answer.id}/render`, { interactionId: contact.id })).json();
    expect(filled.text).toMatch(/^Hello Leyla, order A-1001 is shipped\. agent \d+$/);
    expect(filled.missing).toEqual([]);

    // Another workspace's contact or answer is not reachable.
    const other = await activeContact(b);
    expect((await a.agent.post(`/api/saved-answers/${answer.id}/render`, { interactionId: other.id })).statusCode).toBe(422);
    expect((await b.agent.post(`/api/saved-answers/${answer.id}/render`, { interactionId: other.id })).statusCode).toBe(404);
  });
});

describe('guided scripts', () => {
  it('are offered for the contact\'s queue and keep the agent\'s answers on the contact', async () => {
    const bad = await a.admin.post('/api/scripts', { name: 'Broken', steps: [{ id: 'a', say: 'x', next: 'nowhere' }] });
    expect(bad.json().error.code).toBe('invalid_script');
    const script = (await a.admin.post('/api/scripts', {
      name: 'Greeting', queueId: queueA,
      steps: [{ id: 'start', say: 'Welcome', question: 'About an order?', options: [{ label: 'Yes', next: 'order' }, { label: 'No' }] }, { id: 'order', say: 'Order number?' }],
    })).json().script;
    const [c] = await t.database.db.insert(customers).values({ workspaceId: a.id, name: 'Omar' }).returning();
    const i = (await a.agent.post('/api/interactions', { customerId: c!.id, channel: 'chat', queueId: queueA })).json().interaction;
    const offered = (await a.agent.get(`/api/interactions/${i.id}/scripts`)).json().items;
    expect(offered.map((s: { id: string }) => s.id)).toContain(script.id);
    const saved = await a.agent.put(`/api/interactions/${i.id}/scripts/${script.id}`, { answers: { start: 'Yes', order: 'A-7' } });
    expect(saved.json().answers).toEqual({ start: 'Yes', order: 'A-7' });
    expect((await a.agent.put(`/api/interactions/${i.id}/scripts/${script.id}`, { answers: { nope: 'x' } })).statusCode).toBe(422);
    const again = (await a.agent.get(`/api/interactions/${i.id}/scripts`)).json().items.find((s: { id: string }) => s.id === script.id);
    expect(again.answers).toEqual({ start: 'Yes', order: 'A-7' });
  });
});

describe('wrap-up lists', () => {
  it('a close needs a contact reason and disposition from the lists once they exist', async () => {
    const contact = await activeContact(b);
    expect((await b.agent.post('/api/wrap-up-codes', { kind: 'reason', label: 'Order status' })).statusCode).toBe(403);
    for (const [kind, label] of [['reason', 'Order status'], ['reason', 'Complaint'], ['disposition', 'Solved'], ['disposition', 'Escalated']]) {
      expect((await b.admin.post('/api/wrap-up-codes', { kind, label })).statusCode).toBe(201);
    }
    expect((await b.admin.post('/api/wrap-up-codes', { kind: 'reason', label: 'Complaint' })).json().error.code).toBe('label_taken');
    const list = (await b.agent.get('/api/wrap-up-codes')).json().items;
    expect(list).toHaveLength(4);
    expect((await a.agent.get('/api/wrap-up-codes')).json().items).toEqual([]);

    await b.agent.post(`/api/interactions/${contact.id}/wrap-up`);
    const noReason = await b.agent.post(`/api/interactions/${contact.id}/close`, { resolved: true, disposition: 'Solved' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('reason_required');
    expect((await b.agent.post(`/api/interactions/${contact.id}/close`, { resolved: true, reason: 'Order status', disposition: 'Lost' })).json().error.code).toBe('unknown_disposition');
    const closed = await b.agent.post(`/api/interactions/${contact.id}/close`, { resolved: true, reason: 'Order status', disposition: 'Solved' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().interaction).toMatchObject({ status: 'closed', reason: 'Order status', resolved: true });
    const events = (await b.agent.get(`/api/interactions/${contact.id}/events`)).json().items;
    expect(events.find((e: { type: string }) => e.type === 'closed').data).toMatchObject({ reason: 'Order status', disposition: 'Solved', resolved: true });

    // Without lists (workspace A) a contact closes with any reason.
    const free = await activeContact(a);
    await a.agent.post(`/api/interactions/${free.id}/wrap-up`);
    expect((await a.agent.post(`/api/interactions/${free.id}/close`, { resolved: false })).statusCode).toBe(200);
  });
});

describe('escalations and mentions', () => {
  it('an escalation lands in the supervisors\' inbox with who and why, and in the contact\'s log', async () => {
    const contact = await activeContact(a, 'Rashad Guliyev');
    const raised = await a.agent.post(`/api/interactions/${contact.id}/escalate`, { reason: 'Customer asks for a manager' });
    expect(raised.statusCode).toBe(201);
    const inbox = (await a.supervisor.get('/api/escalations?status=open')).json().items;
    expect(inbox[0]).toMatchObject({ interactionId: contact.id, reason: 'Customer asks for a manager', status: 'open', raisedBy: { id: a.agent.userId }, customer: { name: 'Rashad Guliyev' } });
    expect((await a.agent.get('/api/escalations')).statusCode).toBe(403);
    expect((await b.supervisor.get('/api/escalations')).json().items).toEqual([]);
    expect((await b.agent.post(`/api/interactions/${contact.id}/escalate`, { reason: 'x' })).statusCode).toBe(404);

    const events = (await a.agent.get(`/api/interactions/${contact.id}/events`)).json().items;
    expect(events.at(-1)).toMatchObject({ type: 'escalated', actorId: a.agent.userId, data: { reason: 'Customer asks for a manager' } });
    const announced = await t.database.db.select().from(realtimeEvents).where(and(eq(realtimeEvents.workspaceId, a.id), eq(realtimeEvents.topic, 'supervisors'), eq(realtimeEvents.type, 'escalation.raised')));
    expect(announced.length).toBeGreaterThan(0);

    const resolved = await a.supervisor.post(`/api/escalations/${raised.json().escalation.id}/resolve`, { resolution: 'Called back' });
    expect(resolved.json().escalation).toMatchObject({ status: 'resolved', resolution: 'Called back', resolvedById: a.supervisor.userId });
    expect((await a.supervisor.post(`/api/escalations/${raised.json().escalation.id}/resolve`, {})).statusCode).toBe(409);
    expect((await a.supervisor.get('/api/escalations?status=open')).json().items).toEqual([]);
  });

  it('a note that mentions a colleague stores the mention and notifies only them', async () => {
    const colleague = await a.user('agent', 'sara.mammadova@alpha.test');
    const colleagues = (await a.agent.get('/api/colleagues')).json().items;
    expect(colleagues.map((c: { id: string }) => c.id)).toContain(colleague.userId);
    const contact = await activeContact(a);
    const name = colleagues.find((c: { id: string }) => c.id === colleague.userId).name;
    const note = await a.agent.post(`/api/interactions/${contact.id}/notes`, { body: `@${name} can you check the refund? cc @sara.mammadova` });
    expect(note.json().message.meta).toEqual({ mentions: [colleague.userId] });
    const told = await t.database.db.select().from(realtimeEvents).where(and(eq(realtimeEvents.topic, `user:${colleague.userId}`), eq(realtimeEvents.type, 'note.mentioned')));
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ interactionId: contact.id, byId: a.agent.userId, excerpt: expect.stringContaining('refund') });
    const plain = await a.agent.post(`/api/interactions/${contact.id}/notes`, { body: 'no mention here, mail x@sara.mammadova' });
    expect(plain.json().message.meta).toEqual({});
  });
});
