import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
});
afterAll(() => t?.close());

describe('departments', () => {
  it('creates a department, sets members and lists them for staff', async () => {
    const res = await a.admin.post('/api/departments', { name: 'Billing', description: 'Money matters' });
    expect(res.statusCode).toBe(201);
    const d = res.json().department;
    expect(d).toMatchObject({ name: 'Billing', kind: 'department', description: 'Money matters', members: [] });
    const put = await a.admin.put(`/api/departments/${d.id}/members`, { members: [{ userId: a.agent.userId }, { userId: a.supervisor.userId, role: 'lead' }] });
    expect(put.statusCode).toBe(200);
    expect(put.json().department.members).toHaveLength(2);
    expect(put.json().department.members).toContainEqual(expect.objectContaining({ userId: a.supervisor.userId, role: 'lead' }));
    const list = await a.agent.get('/api/departments');
    expect(list.statusCode).toBe(200);
    const found = list.json().items.find((x: { id: string }) => x.id === d.id);
    expect(found.members.map((m: { userId: string }) => m.userId).sort()).toEqual([a.agent.userId, a.supervisor.userId].sort());
    expect(found.members[0].name).toMatch(/\w/);
    const team = await a.admin.post('/api/departments', { name: 'Billing VIP', kind: 'team' });
    expect(team.json().department.kind).toBe('team');
  });

  it('renames, and deletes with 204', async () => {
    const d = (await a.admin.post('/api/departments', { name: 'Temp' })).json().department;
    const patched = await a.admin.patch(`/api/departments/${d.id}`, { name: 'Temporary' });
    expect(patched.json().department.name).toBe('Temporary');
    expect((await a.admin.delete(`/api/departments/${d.id}`)).statusCode).toBe(204);
    expect((await a.admin.delete(`/api/departments/${d.id}`)).statusCode).toBe(404);
  });

  it('refuses a duplicate name with 409', async () => {
    await a.admin.post('/api/departments', { name: 'Sales' });
    const dup = await a.admin.post('/api/departments', { name: 'Sales' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('department_name_taken');
    const other = (await a.admin.post('/api/departments', { name: 'Sales 2' })).json().department;
    expect((await a.admin.patch(`/api/departments/${other.id}`, { name: 'Sales' })).statusCode).toBe(409);
    // Another workspace may use the same name.
    expect((await b.admin.post('/api/departments', { name: 'Sales' })).statusCode).toBe(201);
  });

  it('allows changes to admins only', async () => {
    for (const c of [a.supervisor, a.agent]) {
      const res = await c.post('/api/departments', { name: 'Nope' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('refuses a member of another workspace or an unknown user with 422 invalid_member', async () => {
    const d = (await a.admin.post('/api/departments', { name: 'Support' })).json().department;
    for (const userId of [b.agent.userId, '00000000-0000-4000-8000-000000000000']) {
      const res = await a.admin.put(`/api/departments/${d.id}/members`, { members: [{ userId: a.agent.userId }, { userId }] });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('invalid_member');
    }
    expect((await a.admin.get(`/api/departments/${d.id}`)).json().department.members).toEqual([]);
  });

  it('isolates workspaces: 404 on every route with another workspace’s id, lists never leak', async () => {
    const d = (await a.admin.post('/api/departments', { name: 'Secret' })).json().department;
    expect((await b.admin.get(`/api/departments/${d.id}`)).statusCode).toBe(404);
    expect((await b.admin.patch(`/api/departments/${d.id}`, { name: 'Mine' })).statusCode).toBe(404);
    expect((await b.admin.put(`/api/departments/${d.id}/members`, { members: [] })).statusCode).toBe(404);
    expect((await b.admin.delete(`/api/departments/${d.id}`)).statusCode).toBe(404);
    const list = (await b.admin.get('/api/departments')).json().items;
    expect(list.some((x: { id: string; name: string }) => x.name === 'Secret' || x.id === d.id)).toBe(false);
    expect((await a.admin.get(`/api/departments/${d.id}`)).json().department.name).toBe('Secret');
  });

  it('answers bad input with 4xx codes, never 500', async () => {
    const bad = [
      await a.admin.request('POST', '/api/departments', '{"name":', { 'content-type': 'application/json' }),
      await a.admin.post('/api/departments', { name: 42 }),
      await a.admin.post('/api/departments', { name: 'X', kind: 'squad' }),
      await a.admin.post('/api/departments', { name: 'X', extra: true }),
      await a.admin.patch('/api/departments/not-a-uuid', { name: 'X' }),
      await a.admin.put('/api/departments/00000000-0000-4000-8000-000000000000/members', { members: [] }),
      await a.admin.put('/api/departments/00000000-0000-4000-8000-000000000000/members', { members: [{ userId: 'nope' }] }),
    ];
    for (const r of bad) {
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().error.code).toEqual(expect.any(String));
    }
  });
});

describe('queues', () => {
  it('creates and updates queues as admin, lists them for staff', async () => {
    const dept = (await a.admin.post('/api/departments', { name: 'Queue Dept' })).json().department;
    const res = await a.admin.post('/api/queues', { name: 'Arabic chat', departmentId: dept.id, channels: ['chat', 'whatsapp'], language: 'ar', priority: 5, settings: { strategy: 'best_skill', overflow: [{ afterSeconds: 60, action: 'relax_skills' }] } });
    expect(res.statusCode).toBe(201);
    const q = res.json().queue;
    expect(q).toMatchObject({ name: 'Arabic chat', departmentId: dept.id, channels: ['chat', 'whatsapp'], language: 'ar', priority: 5, settings: { strategy: 'best_skill', overflow: [{ afterSeconds: 60, action: 'relax_skills' }] } });
    const patched = await a.admin.patch(`/api/queues/${q.id}`, { channels: ['voice'], priority: 1 });
    expect(patched.json().queue).toMatchObject({ channels: ['voice'], priority: 1, language: 'ar' });
    const list = await a.agent.get('/api/queues');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(q.id);
    expect((await a.admin.post('/api/queues', { name: 'Arabic chat' })).statusCode).toBe(409);
    expect((await a.supervisor.post('/api/queues', { name: 'Sup queue' })).statusCode).toBe(403);
  });

  it('refuses unknown channels and another workspace’s department', async () => {
    expect((await a.admin.post('/api/queues', { name: 'Fax', channels: ['fax'] })).statusCode).toBe(400);
    const foreign = (await b.admin.post('/api/departments', { name: 'Foreign' })).json().department;
    const res = await a.admin.post('/api/queues', { name: 'Q foreign', departmentId: foreign.id });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_department');
  });

  it('isolates workspaces', async () => {
    const q = (await a.admin.post('/api/queues', { name: 'Private queue' })).json().queue;
    expect((await b.admin.get(`/api/queues/${q.id}`)).statusCode).toBe(404);
    expect((await b.admin.patch(`/api/queues/${q.id}`, { priority: 3 })).statusCode).toBe(404);
    expect((await b.admin.get('/api/queues')).json().items.some((x: { id: string }) => x.id === q.id)).toBe(false);
  });
});
