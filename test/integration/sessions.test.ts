import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config/index.js';
import { createLogger } from '../../server/platform/logger.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';
import { eventually } from '../support/routing.js';

let t: TestServer;
let w: TestWorkspace;
let second: Server;

beforeAll(async () => {
  t = await createTestServer();
  w = await t.workspace('Sessions');
  // A second server process on the same database, with its own session cache.
  second = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/tawasul-sessions-second' }), database: t.database, log: createLogger('silent'), serveWeb: false });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const me = (server: Server, c: { cookie: string }) => server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie } });

describe('cached sessions', () => {
  it('a session ended on one server stops working on the others at once', async () => {
    const user = await w.user('agent');
    expect((await me(second, user)).statusCode).toBe(200); // now cached on the second server
    expect((await me(second, user)).statusCode).toBe(200);
    expect((await user.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await me(t.server, user)).statusCode).toBe(401); // the same process: synchronously
    await eventually(async () => (await me(second, user)).statusCode === 401, 2000, 'the second server to drop the session');
  });

  it('a role change reaches cached sessions on every server', async () => {
    const user = await w.user('supervisor');
    expect((await me(second, user)).json().user.role).toBe('supervisor');
    const agents = () => second.app.inject({ method: 'GET', url: '/api/routing/agents', headers: { cookie: user.cookie } });
    expect((await agents()).statusCode).toBe(200);
    expect((await w.admin.patch(`/api/users/${user.userId}`, { role: 'agent' })).statusCode).toBe(200);
    await eventually(async () => (await agents()).statusCode === 403, 2000, 'the demotion to apply on the second server');
  });

  it('deactivation ends cached sessions', async () => {
    const user = await w.user('agent');
    expect((await me(second, user)).statusCode).toBe(200);
    expect((await w.admin.patch(`/api/users/${user.userId}`, { active: false })).statusCode).toBe(200);
    await eventually(async () => (await me(second, user)).statusCode === 401, 2000, 'the second server to drop the session');
  });
});
