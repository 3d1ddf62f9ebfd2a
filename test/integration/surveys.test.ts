import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../server/modules/surveys/domain/token.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let w: TestWorkspace;
let queueId: string, quietQueueId: string, customerId: string;

const anonymous = (method: 'GET' | 'POST', url: string, payload?: object) => t.server.app.inject({ method, url, ...(payload ? { payload } : {}) });

async function resolvedContact(queue: string, customer = customerId) {
  const i = (await w.supervisor.post('/api/interactions', { customerId: customer, channel: 'email', queueId: queue })).json().interaction.id as string;
  expect((await w.agent.post(`/api/interactions/${i}/assign`, { agentId: w.agent.userId })).statusCode).toBe(200);
  expect((await w.agent.post(`/api/interactions/${i}/close`, { resolved: true, reason: 'delivery' })).statusCode).toBe(200);
  return i;
}

beforeAll(async () => {
  t = await createTestServer();
  w = await t.workspace('Surveys');
  queueId = (await w.admin.post('/api/queues', { name: 'Support', channels: ['email', 'chat'], settings: { requiredSkills: [{ skill: 'nobody', minLevel: 1 }] } })).json().queue.id;
  quietQueueId = (await w.admin.post('/api/queues', { name: 'Quiet', channels: ['email'], settings: { requiredSkills: [{ skill: 'nobody', minLevel: 1 }], csat: { enabled: false } } })).json().queue.id;
  customerId = (await w.admin.post('/api/customers', { name: 'Aysel', language: 'ar' })).json().customer.id;
});
afterAll(async () => t?.close());

describe('CSAT surveys', () => {
  let token: string;
  let first: string;

  it('gives a signed link in the customer’s language for a resolved contact, once per customer per N days', async () => {
    first = await resolvedContact(queueId);
    const r = await w.agent.post(`/api/interactions/${first}/survey`);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json().survey;
    expect(s.language).toBe('ar');
    expect(s.url).toMatch(/\/survey\/[0-9a-f-]{36}\.\d+\.[\w-]{43}$/);
    expect(s.prompt).toContain('قيّم');
    expect(s.prompt).toContain(s.url);
    token = s.token;
    // The same contact again, and another contact of the customer within 7 days: not asked.
    expect((await w.agent.post(`/api/interactions/${first}/survey`)).json().survey).toBeNull();
    expect((await w.agent.post(`/api/interactions/${await resolvedContact(queueId)}/survey`)).json().survey).toBeNull();
    // A queue that does not survey; an unresolved contact.
    const other = (await w.admin.post('/api/customers', { name: 'Other' })).json().customer.id;
    expect((await w.agent.post(`/api/interactions/${await resolvedContact(quietQueueId, other)}/survey`)).json().survey).toBeNull();
    const open = (await w.supervisor.post('/api/interactions', { customerId: other, channel: 'email', queueId })).json().interaction.id;
    expect((await w.agent.post(`/api/interactions/${open}/survey`)).json().survey).toBeNull();
    // Another workspace cannot ask about this contact.
    const b = await t.workspace('Other surveys');
    expect((await b.agent.post(`/api/interactions/${first}/survey`)).statusCode).toBe(404);
  });

  it('the public link shows and takes the answer without signing in, once; it becomes the contact’s rating', async () => {
    const view = await anonymous('GET', `/api/public/surveys/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ company: 'Surveys', language: 'ar', answered: false });
    expect((await anonymous('POST', `/api/public/surveys/${token}`, { score: 6 })).statusCode).toBe(400);
    const answer = await anonymous('POST', `/api/public/surveys/${token}`, { score: 4, comment: 'سريع ولطيف' });
    expect(answer.statusCode, answer.body).toBe(204);
    expect((await anonymous('GET', `/api/public/surveys/${token}`)).json()).toMatchObject({ answered: true, score: 4 });
    expect((await anonymous('POST', `/api/public/surveys/${token}`, { score: 1 })).statusCode).toBe(409);
    const events = (await w.supervisor.get(`/api/interactions/${first}/events`)).json().items;
    expect(events.find((e: { type: string }) => e.type === 'rated')).toMatchObject({ data: { score: 4, comment: 'سريع ولطيف', source: 'link' } });
    // Reports per agent and queue carry it.
    const today = new Date().toISOString().slice(0, 10);
    const byAgent = (await w.supervisor.get(`/api/metrics/series?from=${today}&to=${today}&interval=day&by=agent`)).json().items;
    expect(byAgent.find((r: { key: string }) => r.key === w.agent.userId)).toMatchObject({ ratings: 1, csat: 100, csatMean: 4 });
    const byQueue = (await w.supervisor.get(`/api/metrics/series?from=${today}&to=${today}&interval=day&by=queue`)).json().items;
    expect(byQueue.find((r: { key: string }) => r.key === queueId)).toMatchObject({ ratings: 1, csat: 100 });
  });

  it('refuses tampered and expired links', async () => {
    const [id, exp, sig] = token.split('.');
    expect((await anonymous('GET', `/api/public/surveys/${id}.${Number(exp) + 1}.${sig}`)).statusCode).toBe(404);
    expect((await anonymous('GET', '/api/public/surveys/not-a-token-at-all')).statusCode).toBe(404);
    const [key] = (await t.database.db.execute<{ secret: string }>(sql`SELECT secret FROM survey_keys WHERE workspace_id = ${w.id}`)).rows;
    const expired = signToken(id!, new Date(Date.now() - 1000), key!.secret);
    const r = await anonymous('GET', `/api/public/surveys/${expired}`);
    expect(r.statusCode).toBe(410);
    expect(r.json().error.code).toBe('survey_expired');
  });
});
