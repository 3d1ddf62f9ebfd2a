import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer({ env: { BODY_LIMIT_KB: '64' } });
  a = await t.workspace('Platform');
});
afterAll(() => t?.close());

const inject = (opts: InjectOptions) => t.server.app.inject(opts);

describe('one error shape, never a 500 for bad input', () => {
  it('malformed JSON is a 400 invalid_json', async () => {
    const res = await a.admin.request('POST', '/api/users', '{"email": "x@y.z", name', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
  });

  it('a body over the limit is a 413 body_too_large', async () => {
    const res = await a.admin.request('POST', '/api/users', JSON.stringify({ email: 'a@b.cd', name: 'x'.repeat(70_000), role: 'agent' }), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  it('wrong types are a 400 validation_failed naming the field', async () => {
    const res = await a.admin.post('/api/users', { email: 'ok@b.cd', name: 42, role: 'emperor' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.message).toMatch(/name|role/);
  });

  it('an unknown or malformed id is a 404, an unknown route a 404, an unsupported type a 415', async () => {
    expect((await a.admin.get('/api/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await a.admin.get('/api/users/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const none = await a.admin.get('/api/nothing-here');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('not_found');
    const xml = await a.admin.request('POST', '/api/users', '<user/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
  });

  it('signed-out requests are a 401 with a code', async () => {
    const res = await inject({ method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('every response carries a request id, echoing a given one', async () => {
    const res = await inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect((await inject({ method: 'GET', url: '/healthz' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('operations endpoints', () => {
  it('/healthz answers ok with the version', async () => {
    const res = await inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('/metrics is Prometheus text with HTTP and pool metrics', async () => {
    await inject({ method: 'GET', url: '/healthz' });
    const res = await inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/tawasul_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toMatch(/tawasul_db_pool_clients\{state="total"\}/);
  });

  it('publishes OpenAPI 3 with the routes of every module, and readable docs', async () => {
    const res = await inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/login', '/api/users', '/api/users/{id}', '/api/audit']) expect(doc.paths).toHaveProperty([path]);
    expect(doc.paths['/api/users'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const docs = await inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('sets security headers on responses', async () => {
    const res = await inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
