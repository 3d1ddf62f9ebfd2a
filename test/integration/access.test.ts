import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Access');
});
afterAll(() => t?.close());

const someId = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, (p) => (p === ':number' ? '1' : someId));
const apiRoutes = () => t.server.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/realtime');

describe('every route checks who is asking', () => {
  it('has routes to check', () => {
    expect(apiRoutes().length).toBeGreaterThan(20);
  });

  it('answers 401 to a signed-out caller on every non-public route', async () => {
    for (const r of apiRoutes().filter((r) => !r.public)) {
      const res = await t.server.app.inject({ method: r.method as 'GET', url: concrete(r.url), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('answers 403 to an agent on every admin or supervisor route, and to a supervisor on admin routes', async () => {
    const restricted = apiRoutes().filter((r) => r.roles && !r.roles.includes('agent'));
    expect(restricted.length).toBeGreaterThan(5);
    for (const r of restricted) {
      const res = await a.agent.request(r.method as 'GET', concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `agent ${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      if (!r.roles!.includes('supervisor')) {
        const sup = await a.supervisor.request(r.method as 'GET', concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
        expect(sup.statusCode, `supervisor ${r.method} ${r.url}`).toBe(403);
      }
    }
  });

  it('never answers 500 to a staff member probing any route with an empty body or unknown ids', async () => {
    // Sign-out routes would end the session this probe runs on.
    for (const r of apiRoutes().filter((r) => !r.public && !r.url.includes('logout'))) {
      const res = await a.admin.request(r.method as 'GET', concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBeLessThan(500);
      expect(res.statusCode, `${r.method} ${r.url} must not sign the prober out`).not.toBe(401);
    }
  });

  it('never answers 500 to anyone probing a public route with an empty or malformed body or unknown keys', async () => {
    const publicRoutes = apiRoutes().filter((r) => r.public && !r.url.startsWith('/api/auth/'));
    for (const r of publicRoutes) {
      for (const payload of [undefined, {}, 'not json', { a: [1, { b: null }] }]) {
        const res = await t.server.app.inject({
          method: r.method as 'GET', url: concrete(r.url),
          ...(r.method === 'GET' || payload === undefined ? {} : typeof payload === 'string' ? { payload, headers: { 'content-type': 'application/json' } } : { payload }),
        });
        expect(res.statusCode, `${r.method} ${r.url} with ${JSON.stringify(payload)}: ${res.body}`).toBeLessThan(500);
      }
    }
  });
});
