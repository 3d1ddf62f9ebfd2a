import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, orders } from '../../server/modules/customers/schema.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;

// The customers module is built separately; rows are made directly here.
async function customer(ws: TestWorkspace, name = 'Layla') {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name }).returning();
  return c!.id;
}
async function order(ws: TestWorkspace, customerId: string) {
  const [o] = await t.database.db.insert(orders).values({
    workspaceId: ws.id, customerId, number: `ORD-${Math.random().toString(36).slice(2)}`, status: 'paid', currency: 'AZN', amount: '10.00',
  }).returning();
  return o!.id;
}

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
});
afterAll(() => t?.close());

describe('cases', () => {
  it('publishes its routes in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/cases', '/api/cases/{id}', '/api/cases/by-number/{number}', '/api/interactions/{id}/attachments', '/api/departments/{id}/members', '/api/queues']) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });

  it('opens a case with a number and the full view', async () => {
    const customerId = await customer(a);
    const orderId = await order(a, customerId);
    const dept = (await a.admin.post('/api/departments', { name: 'Returns' })).json().department;
    const res = await a.agent.post('/api/cases', {
      customerId, type: 'return', subject: 'Broken kettle', description: 'Arrived cracked', priority: 'high',
      departmentId: dept.id, assigneeId: a.agent.userId, orderId, dueAt: '2030-01-01T00:00:00.000Z',
    });
    expect(res.statusCode).toBe(201);
    const c = res.json().case;
    expect(c).toMatchObject({
      customerId, type: 'return', status: 'new', priority: 'high', subject: 'Broken kettle', departmentId: dept.id,
      assigneeId: a.agent.userId, orderId, dueAt: '2030-01-01T00:00:00.000Z', resolvedAt: null,
    });
    expect(c.number).toBeGreaterThan(0);
    expect(c.interactions).toBeUndefined();
    const got = (await a.agent.get(`/api/cases/${c.id}`)).json().case;
    expect(got).toMatchObject({ id: c.id, number: c.number, interactions: [] });
    const byNumber = await a.agent.get(`/api/cases/by-number/${c.number}`);
    expect(byNumber.json().case.id).toBe(c.id);
    const rt = await t.server.ctx.bus.since(a.id, 0, [`case:${c.id}`, 'workspace']);
    expect(rt.filter((e) => e.type === 'case.created' && (e.payload as { id: string }).id === c.id).map((e) => e.topic).sort()).toEqual([`case:${c.id}`, 'workspace']);
  });

  it('follows the status rules: resolved stamps resolvedAt, reopen clears it, closed is final', async () => {
    const customerId = await customer(a);
    const c = (await a.agent.post('/api/cases', { customerId, type: 'complaint', subject: 'Late delivery' })).json().case;
    const move = (status: string) => a.agent.patch(`/api/cases/${c.id}`, { status });
    expect((await move('open')).json().case.status).toBe('open');
    expect((await move('escalated')).json().case.status).toBe('escalated');
    const resolved = (await move('resolved')).json().case;
    expect(resolved.resolvedAt).toEqual(expect.any(String));
    const bad = await move('pending');
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('invalid_transition');
    const reopened = (await move('open')).json().case;
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
    await move('resolved');
    const closed = (await move('closed')).json().case;
    expect(closed.status).toBe('closed');
    expect(closed.resolvedAt).toEqual(expect.any(String));
    for (const s of ['open', 'new', 'resolved']) {
      const r = await move(s);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('invalid_transition');
    }
    const fresh = (await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'Hours?' })).json().case;
    const back = await a.agent.patch(`/api/cases/${fresh.id}`, { status: 'open' });
    expect((await a.agent.patch(`/api/cases/${back.json().case.id}`, { status: 'new' })).statusCode).toBe(409);
  });

  it('gives 20 parallel creates 20 distinct consecutive numbers', async () => {
    const ws = await t.workspace('Gamma');
    const customerId = await customer(ws);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ws.agent.post('/api/cases', { customerId, type: 'inquiry', subject: `Question ${i}` })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.json().case.number as number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses an order of another customer, and unknown references, with 422', async () => {
    const mine = await customer(a, 'Mine');
    const other = await customer(a, 'Other');
    const otherOrder = await order(a, other);
    const res = await a.agent.post('/api/cases', { customerId: mine, type: 'order', subject: 'Where is it', orderId: otherOrder });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_order');
    const c = (await a.agent.post('/api/cases', { customerId: mine, type: 'order', subject: 'Where is it' })).json().case;
    const patch = await a.agent.patch(`/api/cases/${c.id}`, { orderId: otherOrder });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.code).toBe('invalid_order');
    expect((await a.agent.patch(`/api/cases/${c.id}`, { orderId: await order(a, mine) })).statusCode).toBe(200);
    expect((await a.agent.patch(`/api/cases/${c.id}`, { orderId: null })).json().case.orderId).toBeNull();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await a.agent.post('/api/cases', { customerId: unknown, type: 'order', subject: 'x' })).json().error.code).toBe('invalid_customer');
    expect((await a.agent.patch(`/api/cases/${c.id}`, { assigneeId: unknown })).json().error.code).toBe('invalid_assignee');
    expect((await a.agent.patch(`/api/cases/${c.id}`, { departmentId: unknown })).json().error.code).toBe('invalid_department');
  });

  it('links an interaction of the same customer and lists it on the case', async () => {
    const customerId = await customer(a);
    const c = (await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'Refund status' })).json().case;
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'chat' })).json().interaction;
    const res = await a.agent.post(`/api/cases/${c.id}/interactions`, { interactionId: i.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().case.interactions).toEqual([{ id: i.id, channel: 'chat', status: 'new', createdAt: i.createdAt }]);
    expect((await a.agent.get(`/api/interactions/${i.id}`)).json().interaction.caseId).toBe(c.id);
    const stranger = await customer(a, 'Stranger');
    const j = (await a.agent.post('/api/interactions', { customerId: stranger, channel: 'email' })).json().interaction;
    const mismatch = await a.agent.post(`/api/cases/${c.id}/interactions`, { interactionId: j.id });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('customer_mismatch');
  });

  it('filters and pages the list', async () => {
    const ws = await t.workspace('Delta');
    const c1 = await customer(ws);
    const c2 = await customer(ws);
    for (let i = 0; i < 5; i++) await ws.agent.post('/api/cases', { customerId: i % 2 ? c1 : c2, type: i % 2 ? 'complaint' : 'inquiry', subject: `S${i}` });
    expect((await ws.agent.get(`/api/cases?customerId=${c1}`)).json().items).toHaveLength(2);
    expect((await ws.agent.get('/api/cases?type=inquiry')).json().items).toHaveLength(3);
    expect((await ws.agent.get('/api/cases?status=new')).json().items).toHaveLength(5);
    const p1 = (await ws.agent.get('/api/cases?limit=2')).json();
    const p2 = (await ws.agent.get(`/api/cases?limit=2&cursor=${p1.nextCursor}`)).json();
    const p3 = (await ws.agent.get(`/api/cases?limit=2&cursor=${p2.nextCursor}`)).json();
    const all = [...p1.items, ...p2.items, ...p3.items].map((c: { number: number }) => c.number);
    expect(all).toEqual([5, 4, 3, 2, 1]);
    expect(p3.nextCursor).toBeNull();
  });

  it('isolates workspaces on every route', async () => {
    const customerId = await customer(a);
    const c = (await a.agent.post('/api/cases', { customerId, type: 'suggestion', subject: 'Secret case' })).json().case;
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'sms' })).json().interaction;
    expect((await b.admin.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await b.admin.patch(`/api/cases/${c.id}`, { status: 'open' })).statusCode).toBe(404);
    expect((await b.admin.post(`/api/cases/${c.id}/interactions`, { interactionId: i.id })).statusCode).toBe(404);
    expect((await b.admin.get(`/api/cases?customerId=${customerId}`)).json().items).toEqual([]);
    expect((await b.admin.get('/api/cases')).json().items.some((x: { id: string }) => x.id === c.id)).toBe(false);
    // B's own case cannot take A's interaction, and B cannot open a case for A's customer.
    const bCustomer = await customer(b);
    const bCase = (await b.agent.post('/api/cases', { customerId: bCustomer, type: 'inquiry', subject: 'B' })).json().case;
    const link = await b.agent.post(`/api/cases/${bCase.id}/interactions`, { interactionId: i.id });
    expect(link.statusCode).toBe(422);
    expect(link.json().error.code).toBe('invalid_interaction');
    expect((await a.agent.get(`/api/interactions/${i.id}`)).json().interaction.caseId).toBeNull();
    expect((await b.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'x' })).json().error.code).toBe('invalid_customer');
    expect((await b.agent.patch(`/api/cases/${bCase.id}`, { assigneeId: a.agent.userId })).json().error.code).toBe('invalid_assignee');
    // Case numbers are per workspace: B's by-number never finds A's case.
    const bNumbers = (await b.admin.get('/api/cases')).json().items.map((x: { number: number }) => x.number);
    const free = Math.max(c.number, ...bNumbers) + 1000;
    expect((await b.admin.get(`/api/cases/by-number/${free}`)).statusCode).toBe(404);
  });

  it('answers bad input with 4xx codes, never 500', async () => {
    const customerId = await customer(a);
    const c = (await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'x' })).json().case;
    const bad = [
      await a.agent.request('POST', '/api/cases', '{"customerId":', { 'content-type': 'application/json' }),
      await a.agent.post('/api/cases', { customerId, type: 'rant', subject: 'x' }),
      await a.agent.post('/api/cases', { customerId: 'abc', type: 'inquiry', subject: 'x' }),
      await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 5 }),
      await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'x', dueAt: 'not a date' }),
      await a.agent.patch(`/api/cases/${c.id}`, { status: 'archived' }),
      await a.agent.patch('/api/cases/123', { status: 'open' }),
      await a.agent.get('/api/cases/by-number/abc'),
      await a.agent.get('/api/cases/by-number/99999999999'),
      await a.agent.get('/api/cases?status=weird'),
      await a.agent.get('/api/cases?assigneeId=nope'),
      await a.agent.get('/api/cases?cursor=%%%'),
      await a.agent.post(`/api/cases/${c.id}/interactions`, { interactionId: 'x' }),
      await a.agent.post(`/api/cases/${c.id}/interactions`, { interactionId: '00000000-0000-4000-8000-000000000000' }),
    ];
    for (const r of bad) {
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(r.json().error.code).toEqual(expect.any(String));
    }
  });
});
