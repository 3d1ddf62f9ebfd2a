import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../server/modules/cases/schema.js';
import { customerService } from '../../server/modules/customers/index.js';
import { customers as customersTable } from '../../server/modules/customers/schema.js';
import { interactions } from '../../server/modules/interactions/schema.js';
import { realtimeEvents } from '../../server/platform/realtime/schema.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
});
afterAll(() => t?.close());

type Customer = { id: string; name: string; tags: string[]; attributes: Record<string, unknown>; identities: { id: string; kind: string; value: string }[] };

async function create(c: Client, body: Record<string, unknown>): Promise<Customer> {
  const res = await c.post('/api/customers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().customer;
}
const search = async (c: Client, q: string): Promise<string[]> => {
  const res = await c.get(`/api/customers?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((x: Customer) => x.id);
};
let caseNo = 1;
const insertCase = (workspaceId: string, customerId: string, at = new Date()) =>
  t.database.db.insert(cases).values({ workspaceId, customerId, number: caseNo++, type: 'return', subject: 'Broken kettle', createdAt: at }).returning().then((r) => r[0]!);
const insertInteraction = (workspaceId: string, customerId: string, at = new Date()) =>
  t.database.db.insert(interactions).values({ workspaceId, customerId, channel: 'whatsapp', reason: 'delivery', createdAt: at }).returning().then((r) => r[0]!);

describe('create and search', () => {
  let leyla: Customer;
  beforeAll(async () => {
    leyla = await create(a.agent, {
      name: 'Leyla Aliyeva', language: 'az', timezone: 'Asia/Baku', tags: ['vip'], attributes: { city: 'Baku' },
      identities: [{ kind: 'phone', value: '+994 50 010 00 00' }, { kind: 'email', value: ' Leyla.Aliyeva@Example.AZ ' }, { kind: 'telegram', value: '@LeylaA' }],
    });
    const order = await a.agent.post(`/api/customers/${leyla.id}/orders`, {
      number: 'ORD-77123', status: 'delivered', currency: 'azn', amount: '149.90', items: [{ sku: 'KT-1', name: 'Kettle', quantity: 1, unitPrice: '149.90' }],
    });
    expect(order.statusCode, order.body).toBe(201);
    await create(a.agent, { name: 'Someone Else', identities: [{ kind: 'phone', value: '+994 55 222 33 44' }] });
  });

  it('stores identities normalised and answers with the agreed shape', async () => {
    expect(leyla.identities.map((i) => [i.kind, i.value])).toEqual([['phone', '+994500100000'], ['email', 'leyla.aliyeva@example.az'], ['telegram', '@leylaa']]);
    const res = await a.supervisor.get(`/api/customers/${leyla.id}`);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().customer).sort()).toEqual(['attributes', 'createdAt', 'id', 'identities', 'language', 'name', 'tags', 'timezone', 'updatedAt']);
    expect(res.json().customer).toMatchObject({ name: 'Leyla Aliyeva', language: 'az', timezone: 'Asia/Baku', tags: ['vip'], attributes: { city: 'Baku' } });
  });

  it('finds by part of the name, a phone in another format, an upper-case email and an order number', async () => {
    expect(await search(a.agent, 'aliyev')).toEqual([leyla.id]);
    expect(await search(a.agent, '+994 50 010 00 00')).toEqual([leyla.id]);
    expect(await search(a.agent, '00994500100000')).toEqual([leyla.id]);
    expect(await search(a.agent, '994500100000')).toEqual([leyla.id]);
    expect(await search(a.agent, 'LEYLA.ALIYEVA@EXAMPLE.AZ')).toEqual([leyla.id]);
    expect(await search(a.agent, 'ORD-77123')).toEqual([leyla.id]);
    expect(await search(a.agent, 'ord-77123')).toEqual([leyla.id]);
    expect(await search(a.agent, 'nobody-like-this')).toEqual([]);
  });

  it('looks a customer up by identity and an order by number', async () => {
    const byPhone = await a.agent.get(`/api/customers/lookup?kind=phone&value=${encodeURIComponent('00994 (50) 010-00-00')}`);
    expect(byPhone.statusCode, byPhone.body).toBe(200);
    expect(byPhone.json().customer.id).toBe(leyla.id);
    expect((await a.agent.get('/api/customers/lookup?kind=email&value=nobody@example.com')).statusCode).toBe(404);
    const order = await a.agent.get('/api/orders?number=ORD-77123');
    expect(order.statusCode).toBe(200);
    expect(order.json().order).toMatchObject({ number: 'ORD-77123', currency: 'AZN', amount: '149.90', status: 'delivered' });
    expect(order.json().customer.id).toBe(leyla.id);
    expect((await a.agent.get('/api/orders?number=ORD-0')).statusCode).toBe(404);
  });

  it('lists with a cursor: every customer once, newest first', async () => {
    for (let i = 0; i < 5; i++) await create(a.agent, { name: `Paged ${i}` });
    // Rows written elsewhere carry microsecond times, finer than a cursor; paging must still be exact.
    for (let i = 0; i < 4; i++) await t.database.db.insert(customersTable).values({ workspaceId: a.id, name: `Direct ${i}` });
    await t.database.db.insert(customersTable).values([0, 1, 2].map((i) => ({ workspaceId: a.id, name: `Same instant ${i}` })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await a.agent.get(`/api/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((c: Customer) => c.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await a.agent.get('/api/customers?limit=200')).json().items.map((c: Customer) => c.id);
    expect(seen).toEqual(all);
  });

  it('patches fields: tags replaced, attributes merged, null removes a key', async () => {
    const c = await create(a.agent, { name: 'Patch Me', attributes: { tier: 'gold', city: 'Ganja' } });
    const res = await a.agent.patch(`/api/customers/${c.id}`, { name: 'Patched', tags: ['b', 'a', 'b'], attributes: { city: null, loyalty: 3 }, language: 'ar' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customer).toMatchObject({ name: 'Patched', tags: ['b', 'a'], attributes: { tier: 'gold', loyalty: 3 }, language: 'ar' });
    expect(res.json().customer.attributes).not.toHaveProperty('city');
  });
});

describe('identities', () => {
  it('rejects an identity another customer has with 409 identity_taken', async () => {
    const one = await create(a.agent, { name: 'One', identities: [{ kind: 'email', value: 'dup@example.com' }] });
    const two = await create(a.agent, { name: 'Two' });
    const res = await a.agent.post(`/api/customers/${two.id}/identities`, { kind: 'email', value: 'DUP@example.com' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('identity_taken');
    const dupCreate = await a.agent.post('/api/customers', { name: 'Three', identities: [{ kind: 'email', value: 'dup@EXAMPLE.com' }] });
    expect(dupCreate.statusCode).toBe(409);
    expect(dupCreate.json().error.code).toBe('identity_taken');
    // The same identity again on its own customer is not a conflict.
    expect((await a.agent.post(`/api/customers/${one.id}/identities`, { kind: 'email', value: 'dup@example.com' })).statusCode).toBe(200);
    // Another workspace may have the same identity.
    expect((await b.agent.post('/api/customers', { name: 'B dup', identities: [{ kind: 'email', value: 'dup@example.com' }] })).statusCode).toBe(201);
  });

  it('adds with a country for local numbers and removes an identity', async () => {
    const c = await create(a.agent, { name: 'Local' });
    const add = await a.agent.post(`/api/customers/${c.id}/identities`, { kind: 'phone', value: '٠٥٠١٢٣٤٥٦٧', country: 'sa' });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().identity).toMatchObject({ kind: 'phone', value: '+966501234567' });
    const wa = await a.agent.post(`/api/customers/${c.id}/identities`, { kind: 'whatsapp', value: '+966 50 123 4567' });
    expect(wa.json().identity.value).toBe('966501234567');
    expect((await a.agent.delete(`/api/customers/${c.id}/identities/${add.json().identity.id}`)).statusCode).toBe(204);
    expect((await a.agent.delete(`/api/customers/${c.id}/identities/${add.json().identity.id}`)).statusCode).toBe(404);
    const after = (await a.agent.get(`/api/customers/${c.id}`)).json().customer;
    expect(after.identities.map((i: { value: string }) => i.value)).toEqual(['966501234567']);
  });

  it('rejects impossible phones and bad emails with 422 and a code', async () => {
    const c = await create(a.agent, { name: 'Bad ids' });
    for (const [body, code] of [
      [{ kind: 'phone', value: '12345' }, 'invalid_phone'],
      [{ kind: 'phone', value: '+994 50' }, 'invalid_phone'],
      [{ kind: 'email', value: 'not-an-email' }, 'invalid_email'],
      [{ kind: 'telegram', value: 'a b' }, 'invalid_telegram'],
    ] as const) {
      const res = await a.agent.post(`/api/customers/${c.id}/identities`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe(code);
    }
    const created = await a.agent.post('/api/customers', { name: 'X', identities: [{ kind: 'email', value: 'bad@@x' }] });
    expect(created.statusCode).toBe(422);
    expect(created.json().error.code).toBe('invalid_email');
  });
});

describe('merge', () => {
  it('moves identities, orders, notes, cases and interactions; unites tags; the source leaves search', async () => {
    const target = await create(a.agent, { name: 'Farid Mammadov', tags: ['vip'], attributes: { tier: 'gold' }, identities: [{ kind: 'email', value: 'farid@example.az' }] });
    const source = await create(a.agent, { name: 'Farid M (WhatsApp)', tags: ['whatsapp'], attributes: { tier: 'silver', city: 'Baku' }, identities: [{ kind: 'whatsapp', value: '994707770011' }] });
    await a.agent.post(`/api/customers/${source.id}/orders`, { number: 'MRG-1', status: 'paid', currency: 'AZN', amount: '10' });
    await a.agent.post(`/api/customers/${source.id}/notes`, { body: 'Prefers WhatsApp' });
    const kase = await insertCase(a.id, source.id);
    const contact = await insertInteraction(a.id, source.id);

    const res = await a.agent.post(`/api/customers/${target.id}/merge`, { sourceId: source.id });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json().customer;
    expect(merged.id).toBe(target.id);
    expect(merged.tags.sort()).toEqual(['vip', 'whatsapp']);
    expect(merged.attributes).toEqual({ tier: 'gold', city: 'Baku' });
    expect(merged.identities.map((i: { value: string }) => i.value).sort()).toEqual(['994707770011', 'farid@example.az']);
    expect((await a.agent.get(`/api/customers/${target.id}/orders`)).json().items.map((o: { number: string }) => o.number)).toEqual(['MRG-1']);
    expect((await a.agent.get(`/api/customers/${target.id}/notes`)).json().items.map((n: { body: string }) => n.body)).toEqual(['Prefers WhatsApp']);
    const db = t.database.db;
    expect((await db.select().from(cases).where(eq(cases.id, kase.id)))[0]!.customerId).toBe(target.id);
    expect((await db.select().from(interactions).where(eq(interactions.id, contact.id)))[0]!.customerId).toBe(target.id);

    expect(await search(a.agent, 'Farid')).toEqual([target.id]);
    expect(await search(a.agent, '994707770011')).toEqual([target.id]);
    const old = await a.agent.get(`/api/customers/${source.id}`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ customer: { id: target.id }, mergedFrom: source.id });

    // Merging again, or into itself, is refused.
    expect((await a.agent.post(`/api/customers/${target.id}/merge`, { sourceId: source.id })).json().error.code).toBe('already_merged');
    expect((await a.agent.post(`/api/customers/${target.id}/merge`, { sourceId: target.id })).json().error.code).toBe('merge_self');

    const audit = (await a.admin.get('/api/audit')).json().items;
    expect(audit.find((e: { action: string }) => e.action === 'customer.merged')).toMatchObject({ targetId: target.id, details: { sourceId: source.id } });
    const events = await db.select().from(realtimeEvents).where(and(eq(realtimeEvents.workspaceId, a.id), eq(realtimeEvents.type, 'customer.merged')));
    expect(events.map((e) => e.topic).sort()).toEqual([`customer:${source.id}`, `customer:${target.id}`, 'workspace'].sort());
  });
});

describe('timeline', () => {
  it('merges interactions, cases, orders and notes newest first; pages have no duplicates or gaps', async () => {
    const c = await create(a.agent, { name: 'Timeline Person' });
    const at = (min: number) => new Date(Date.UTC(2025, 0, 1, 12, min, 0, 0));
    const expected: string[] = [];
    // Several rows share a timestamp, so pagination must break ties across kinds.
    for (let m = 0; m < 4; m++) {
      expected.push(`interaction:${(await insertInteraction(a.id, c.id, at(m))).id}`);
      expected.push(`case:${(await insertCase(a.id, c.id, at(m))).id}`);
      const o = await a.agent.post(`/api/customers/${c.id}/orders`, { number: `TL-${m}`, status: 'paid', currency: 'USD', amount: `${m}.50`, orderedAt: at(m).toISOString() });
      expected.push(`order:${o.json().order.id}`);
    }
    const note = await a.agent.post(`/api/customers/${c.id}/notes`, { body: 'Called about the refund' });
    expect(note.statusCode).toBe(201);
    expect(note.json().note).toMatchObject({ body: 'Called about the refund', authorId: a.agent.userId, authorName: expect.any(String) });
    expected.push(`note:${note.json().note.id}`);

    const seen: { kind: string; id: string; at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await a.agent.get(`/api/customers/${c.id}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const keys = seen.map((s) => `${s.kind}:${s.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([...expected].sort());
    const times = seen.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(seen[0]!.kind).toBe('note');
    const first = (await a.agent.get(`/api/customers/${c.id}/timeline?limit=50`)).json().items;
    expect(first.map((s: { id: string }) => s.id)).toEqual(seen.map((s) => s.id));
    const order = first.find((s: { kind: string }) => s.kind === 'order');
    expect(order.data).toMatchObject({ number: 'TL-3', status: 'paid', amount: '3.50', currency: 'USD' });
    const kase = first.find((s: { kind: string }) => s.kind === 'case');
    expect(kase.data).toMatchObject({ type: 'return', status: 'new', priority: 'normal' });
    const contact = first.find((s: { kind: string }) => s.kind === 'interaction');
    expect(contact.data).toMatchObject({ channel: 'whatsapp', direction: 'inbound', status: 'new', reason: 'delivery', queueId: null, assigneeId: null });
  });

  it('rejects a forged cursor with 400', async () => {
    const c = await create(a.agent, { name: 'Cursor' });
    const res = await a.agent.get(`/api/customers/${c.id}/timeline?cursor=garbage`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_cursor');
  });
});

describe('orders', () => {
  it('validates number uniqueness, currency, amount and items', async () => {
    const c = await create(a.agent, { name: 'Buyer' });
    const ok = { number: 'V-1', status: 'pending', currency: 'SAR', amount: '0', items: [{ name: 'Gift card', quantity: 2, unitPrice: '0.00' }] };
    expect((await a.agent.post(`/api/customers/${c.id}/orders`, ok)).statusCode).toBe(201);
    const dup = await a.agent.post(`/api/customers/${c.id}/orders`, ok);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('order_number_taken');
    for (const bad of [
      { ...ok, number: 'V-2', currency: 'XYZ' }, { ...ok, number: 'V-3', currency: 'EURO' }, { ...ok, number: 'V-4', amount: '-1' },
      { ...ok, number: 'V-5', amount: '1.234' }, { ...ok, number: 'V-6', amount: 12 }, { ...ok, number: 'V-7', status: 'lost' },
      { ...ok, number: 'V-8', items: [{ name: 'x', quantity: 0, unitPrice: '1' }] }, { ...ok, number: 'V-9', items: [{ name: 'x', quantity: 1.5, unitPrice: '1' }] },
    ]) {
      const res = await a.agent.post(`/api/customers/${c.id}/orders`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });
});

describe('the service other modules use', () => {
  it('findOrCreateByIdentity returns one customer for concurrent first contacts in different spellings', async () => {
    const svc = customerService(t.server.ctx);
    const spellings = ['+994 51 700 00 01', '00994517000001', '+994(51)700-00-01', '+994 517 000 001', '+994517000001'];
    const results = await Promise.all(spellings.map((value) => svc.findOrCreateByIdentity(a.id, { kind: 'phone', value, name: 'Caller' })));
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await search(a.agent, '+994517000001')).toEqual([results[0]!.customer.id]);
    const created = await t.database.db.select().from(realtimeEvents)
      .where(and(eq(realtimeEvents.workspaceId, a.id), eq(realtimeEvents.type, 'customer.created'), eq(realtimeEvents.topic, `customer:${results[0]!.customer.id}`)));
    expect(created).toHaveLength(1);
    expect((await svc.get(a.id, results[0]!.customer.id)).customer.identities).toEqual([expect.objectContaining({ kind: 'phone', value: '+994517000001' })]);
  });
});
