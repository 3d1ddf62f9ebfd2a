import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let aCustomer: { id: string; identities: { id: string }[] };
let bCustomer: { id: string };

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  aCustomer = (await a.agent.post('/api/customers', {
    name: 'Secret Alpha Customer', identities: [{ kind: 'phone', value: '+994 50 999 88 77' }, { kind: 'email', value: 'secret@alpha.az' }],
  })).json().customer;
  await a.agent.post(`/api/customers/${aCustomer.id}/orders`, { number: 'ALPHA-1', status: 'paid', currency: 'AZN', amount: '5.00' });
  await a.agent.post(`/api/customers/${aCustomer.id}/notes`, { body: 'alpha only' });
  bCustomer = (await b.agent.post('/api/customers', { name: 'Beta Customer' })).json().customer;
});
afterAll(() => t?.close());

describe('workspace isolation', () => {
  it('a user of B gets 404 for every customer route with A ids', async () => {
    const id = aCustomer.id;
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/customers/${id}`],
      ['PATCH', `/api/customers/${id}`, { name: 'Hijacked' }],
      ['POST', `/api/customers/${id}/identities`, { kind: 'email', value: 'hijack@beta.az' }],
      ['DELETE', `/api/customers/${id}/identities/${aCustomer.identities[0]!.id}`],
      ['DELETE', `/api/customers/${bCustomer.id}/identities/${aCustomer.identities[0]!.id}`],
      ['POST', `/api/customers/${id}/merge`, { sourceId: bCustomer.id }],
      ['POST', `/api/customers/${bCustomer.id}/merge`, { sourceId: id }],
      ['GET', `/api/customers/${id}/orders`],
      ['POST', `/api/customers/${id}/orders`, { number: 'BETA-1', status: 'paid', currency: 'AZN', amount: '1' }],
      ['GET', `/api/customers/${id}/notes`],
      ['POST', `/api/customers/${id}/notes`, { body: 'peek' }],
      ['GET', `/api/customers/${id}/timeline`],
      ['GET', '/api/orders?number=ALPHA-1'],
      ['GET', `/api/customers/lookup?kind=email&value=secret@alpha.az`],
    ];
    for (const c of [b.admin, b.agent]) {
      for (const [method, url, body] of calls) {
        const res = await c.request(method as 'GET', url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().error.code, `${method} ${url}`).toBe('not_found');
      }
    }
    // Nothing of A changed.
    const mine = (await a.agent.get(`/api/customers/${id}`)).json().customer;
    expect(mine.name).toBe('Secret Alpha Customer');
    expect(mine.identities).toHaveLength(2);
    expect((await a.agent.get(`/api/customers/${id}/notes`)).json().items).toHaveLength(1);
    expect((await b.agent.get(`/api/customers/${bCustomer.id}`)).json().customer.name).toBe('Beta Customer');
  });

  it("B's search and export never show A's rows", async () => {
    for (const q of ['Secret', '+994509998877', 'secret@alpha.az', 'ALPHA-1', '']) {
      const items = (await b.agent.get(`/api/customers?q=${encodeURIComponent(q)}`)).json().items;
      expect(items.map((c: { id: string }) => c.id), q).not.toContain(aCustomer.id);
    }
    const csv = (await b.admin.get('/api/customers/export')).body;
    expect(csv).not.toContain('Secret');
    expect(csv).toContain('Beta Customer');
  });

  it('B may hold the same identity as A without conflict', async () => {
    const res = await b.agent.post(`/api/customers/${bCustomer.id}/identities`, { kind: 'email', value: 'secret@alpha.az' });
    expect(res.statusCode).toBe(201);
  });
});

describe('bad input gives 4xx with an error code, never 500', () => {
  it('malformed JSON, wrong types, unknown fields, unknown and non-uuid ids', async () => {
    const c = a.agent;
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/customers', '{"name": ', 400],
      ['POST', '/api/customers', { name: 42 }, 400],
      ['POST', '/api/customers', { name: '' }, 400],
      ['POST', '/api/customers', { name: 'x'.repeat(201) }, 400],
      ['POST', '/api/customers', { name: 'X', unknown: 1 }, 400],
      ['POST', '/api/customers', { name: 'X', tags: 'vip' }, 400],
      ['POST', '/api/customers', { name: 'X', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 400],
      ['POST', '/api/customers', { name: 'X', timezone: 'Mars/Olympus' }, 400],
      ['POST', '/api/customers', { name: 'X', language: 'english!' }, 400],
      ['POST', '/api/customers', { name: 'X', identities: [{ kind: 'fax', value: '1' }] }, 400],
      ['POST', '/api/customers', { name: 'X', attributes: { big: 'y'.repeat(20_000) } }, 400],
      ['GET', '/api/customers/not-a-uuid', undefined, 400],
      ['GET', '/api/customers/00000000-0000-4000-8000-000000000000', undefined, 404],
      ['PATCH', '/api/customers/00000000-0000-4000-8000-000000000000', { name: 'X' }, 404],
      ['PATCH', `/api/customers/${aCustomer.id}`, { name: null }, 400],
      ['POST', `/api/customers/${aCustomer.id}/merge`, { sourceId: 'nope' }, 400],
      ['POST', `/api/customers/${aCustomer.id}/merge`, { sourceId: '00000000-0000-4000-8000-000000000000' }, 404],
      ['POST', `/api/customers/${aCustomer.id}/notes`, { body: '   ' }, 400],
      ['POST', `/api/customers/${aCustomer.id}/notes`, '[]', 400],
      ['GET', `/api/customers/${aCustomer.id}/timeline?limit=0`, undefined, 400],
      ['GET', `/api/customers/${aCustomer.id}/timeline?limit=abc`, undefined, 400],
      ['GET', '/api/customers?cursor=%%%', undefined, 400],
      ['GET', '/api/customers/lookup?kind=phone&value=abc', undefined, 422],
      ['GET', '/api/customers/lookup?kind=nope&value=abc', undefined, 400],
      ['GET', '/api/orders', undefined, 400],
      ['DELETE', `/api/customers/${aCustomer.id}/identities/nope`, undefined, 400],
    ];
    for (const [method, url, body, status] of cases) {
      const res = await c.request(method as 'GET', url, body, typeof body === 'string' ? { 'content-type': 'application/json' } : {});
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}: ${res.body.slice(0, 200)}`).toBe(status);
      expect(res.json().error, `${method} ${url}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('needs sign-in; every route is in the OpenAPI document under the customers tag', async () => {
    expect((await t.server.app.inject({ method: 'GET', url: '/api/customers' })).statusCode).toBe(401);
    const doc = (await t.server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ours = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>)
      .filter(([p]) => p.startsWith('/api/customers') || p === '/api/orders')
      .flatMap(([, ops]) => Object.values(ops));
    expect(ours.length).toBe(16);
    for (const op of ours) {
      expect(op.tags).toEqual(['customers']);
      expect(op.summary).toBeTruthy();
    }
  });
});
