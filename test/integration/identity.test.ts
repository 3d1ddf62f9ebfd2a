import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, login, PASSWORD, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
});
afterAll(() => t?.close());

describe('sign-in and sessions', () => {
  it('signs in with the right password and returns the user, workspace and a CSRF token', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.agent.email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.role).toBe('agent');
    expect(body.workspace.id).toBe(a.id);
    expect(body.csrfToken).toMatch(/.{20,}/);
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('rejects a wrong password with 401 and a code', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.agent.email, password: 'nope-nope-nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
  });

  it('rate-limits repeated failures for one email', async () => {
    const email = (await a.user('agent')).email;
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await t.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'wrong-password!' } })).statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Even the right password waits until the window passes.
    const res = await t.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
  });

  it('rejects a state-changing request without the CSRF token, accepts it with the token', async () => {
    const c = await a.user('agent');
    const without = await t.server.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie: c.cookie }, payload: { name: 'X' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await c.request('PATCH', '/api/auth/me', { name: 'X' }, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
    const ok = await c.patch('/api/auth/me', { name: 'New Name', uiLanguage: 'ar' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ name: 'New Name', uiLanguage: 'ar' });
  });

  it('logout ends the session; sign-out everywhere ends all of them', async () => {
    const email = (await a.user('agent')).email;
    const s1 = await login(t.server, email);
    const s2 = await login(t.server, email);
    expect((await s1.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await s1.get('/api/auth/me')).statusCode).toBe(401);
    expect((await s2.get('/api/auth/me')).statusCode).toBe(200);
    const s3 = await login(t.server, email);
    expect((await s3.post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await s2.get('/api/auth/me')).statusCode).toBe(401);
    expect((await s3.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a password change ends every other session and keeps this one', async () => {
    const email = (await a.user('agent')).email;
    const here = await login(t.server, email);
    const elsewhere = await login(t.server, email);
    const bad = await here.post('/api/auth/password', { currentPassword: 'wrong-one-here', newPassword: 'another-good-password' });
    expect(bad.statusCode).toBe(403);
    const weak = await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('weak_password');
    expect((await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another-good-password' })).statusCode).toBe(204);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    await expect(login(t.server, email)).rejects.toThrow(/401/);
    expect((await login(t.server, email, 'another-good-password')).email).toBe(email);
  });

  it('API tokens authenticate with Bearer, need no CSRF, and stop working when revoked', async () => {
    const created = await a.admin.post('/api/auth/tokens', { name: 'crm sync' });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    const auth = { authorization: `Bearer ${token}` };
    const me = await t.server.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth });
    expect(me.json().user.email).toBe(a.admin.email);
    const write = await t.server.app.inject({ method: 'POST', url: '/api/users', headers: auth, payload: { email: 'bot-made@alpha.test', name: 'Bot made', role: 'agent' } });
    expect(write.statusCode).toBe(201);
    expect((await a.admin.delete(`/api/auth/tokens/${apiToken.id}`)).statusCode).toBe(204);
    const after = await t.server.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
  });
});

describe('users and roles', () => {
  it('an admin creates a user who can then sign in; the audit log records it', async () => {
    const res = await a.admin.post('/api/users', {
      email: 'New.Agent@Alpha.test', name: 'New Agent', role: 'agent', languages: ['ar', 'en'], skills: [{ skill: 'billing', level: 4 }],
    });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({ email: 'new.agent@alpha.test', languages: ['ar', 'en'], skills: [{ skill: 'billing', level: 4 }] });
    const c = await login(t.server, 'new.agent@alpha.test', temporaryPassword);
    expect((await c.get('/api/auth/me')).json().user.id).toBe(user.id);
    const audit = (await a.admin.get('/api/audit')).json().items;
    expect(audit.some((e: { action: string; targetId: string }) => e.action === 'user.created' && e.targetId === user.id)).toBe(true);
    expect(audit.some((e: { action: string }) => e.action === 'login.succeeded')).toBe(true);
  });

  it('rejects a duplicate email, a bad skill level and unknown fields with 4xx codes', async () => {
    expect((await a.admin.post('/api/users', { email: a.agent.email, name: 'Dup', role: 'agent' })).json().error.code).toBe('email_taken');
    const lvl = await a.admin.post('/api/users', { email: 'x1@alpha.test', name: 'X', role: 'agent', skills: [{ skill: 's', level: 9 }] });
    expect(lvl.statusCode).toBe(400);
    expect(lvl.json().error.code).toBe('validation_failed');
    expect((await a.admin.post('/api/users', { email: 'not-an-email', name: 'X', role: 'agent' })).statusCode).toBe(400);
  });

  it('an agent cannot reach admin endpoints; a supervisor can read users but not change them', async () => {
    for (const [m, u] of [['GET', '/api/users'], ['POST', '/api/users'], ['GET', '/api/audit'], ['PATCH', `/api/users/${a.agent.userId}`], ['POST', `/api/users/${a.agent.userId}/reset-password`]] as const) {
      const res = await a.agent.request(m, u, m === 'GET' ? undefined : { name: 'x' });
      expect(res.statusCode, `${m} ${u}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await a.supervisor.get('/api/users')).statusCode).toBe(200);
    expect((await a.supervisor.patch(`/api/users/${a.agent.userId}`, { role: 'admin' })).statusCode).toBe(403);
  });

  it('deactivating a user ends their sessions; an admin resets a password', async () => {
    const c = await a.user('agent');
    expect((await a.admin.patch(`/api/users/${c.userId}`, { active: false })).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    await a.admin.patch(`/api/users/${c.userId}`, { active: true });
    const reset = await a.admin.post(`/api/users/${c.userId}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await login(t.server, c.email, reset.json().temporaryPassword)).userId).toBe(c.userId);
  });

  it('an admin cannot remove their own admin role', async () => {
    const res = await a.admin.patch(`/api/users/${a.admin.userId}`, { role: 'agent' });
    expect(res.statusCode).toBe(409);
  });
});
