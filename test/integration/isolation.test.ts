import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';
import { newContact, offered, routingFixture, setState } from '../support/routing.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
const ids: Record<string, string> = {};
let bIds: Record<string, string> = {};

/** One of each resource in a workspace, made through the API. */
async function resources(w: TestWorkspace) {
  const f = await routingFixture(w, { agents: 1 });
  const dept = (await w.admin.post('/api/departments', { name: `Dept ${Math.random()}`, kind: 'team', description: '' })).json().department;
  const ident = (await w.admin.post(`/api/customers/${f.customerId}/identities`, { kind: 'email', value: `c${Math.random().toString(36).slice(2)}@x.test` })).json().identity;
  const kase = (await w.admin.post('/api/cases', { customerId: f.customerId, type: 'complaint', subject: 'Broken' })).json().case;
  const token = (await w.admin.post('/api/auth/tokens', { name: 'integration' })).json().apiToken;
  const channel = (await w.admin.post('/api/channels', { kind: 'telegram', name: 'Bot' })).json().channel;
  const branch = (await w.admin.post('/api/channels', { kind: 'walk_in', name: 'Branch', settings: { services: [{ id: 'desk', name: 'Desk', letter: 'D' }] } })).json().channel;
  const ticket = (await t.server.app.inject({ method: 'POST', url: `/api/public/kiosk/${branch.publicKey}/tickets`, payload: { service: 'desk' } })).json().ticket;
  await setState(f.agents[0]!, 'available');
  const interaction = await newContact(w, f.customerId, f.queueId);
  const { offer } = await offered(f.agents, interaction);
  const file = await w.admin.request('POST', `/api/interactions/${interaction}/attachments`,
    '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n',
    { 'content-type': 'multipart/form-data; boundary=b' });
  expect(file.statusCode, file.body).toBe(201);
  const answer = (await w.admin.post('/api/saved-answers', { title: 'Hello', body: 'Hello {{customer.first_name}}' })).json().answer;
  const script = (await w.admin.post('/api/scripts', { name: 'Greeting', steps: [{ id: 'start', say: 'Welcome' }] })).json().script;
  const code = (await w.admin.post('/api/wrap-up-codes', { kind: 'disposition', label: 'Solved' })).json().code;
  const escalation = (await w.admin.post(`/api/interactions/${interaction}/escalate`, { reason: 'Help' })).json().escalation;
  return {
    answer: answer.id, script: script.id, code: code.id, escalation: escalation.id,
    user: f.agents[0]!.userId, agent: f.agents[0]!.userId, queue: f.queueId, customer: f.customerId, identity: ident.id, department: dept.id,
    case: kase.id, caseNumber: String(kase.number), interaction, offer: offer.id, token: token.id, attachment: file.json().attachment.id, channel: channel.id, branch: branch.id, ticket: ticket.id,
  };
}

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  Object.assign(ids, await resources(a));
  bIds = await resources(b);
  // A second case, so A has a case number that B does not.
  ids.caseNumber = String((await a.admin.post('/api/cases', { customerId: ids.customer, type: 'inquiry', subject: 'Second' })).json().case.number);
}, 60_000);
afterAll(() => t?.close());

/** A's id for each route parameter, by the resource the path names. */
function fill(url: string): string {
  return url
    .replace('/api/users/:id', `/api/users/${ids.user}`)
    .replace('/api/routing/agents/:id', `/api/routing/agents/${ids.agent}`)
    .replace('/api/queues/:id', `/api/queues/${ids.queue}`)
    .replace('/api/surveys/rules/:id', `/api/surveys/rules/${ids.queue}`)
    .replace('/api/departments/:id', `/api/departments/${ids.department}`)
    .replace('/api/customers/:id', `/api/customers/${ids.customer}`)
    .replace(':identityId', ids.identity!)
    .replace(':consultId', '00000000-0000-4000-8000-000000000000')
    .replace('/api/cases/by-number/:number', `/api/cases/by-number/${ids.caseNumber}`)
    .replace('/api/cases/:id', `/api/cases/${ids.case}`)
    .replace('/api/interactions/:id', `/api/interactions/${ids.interaction}`)
    .replace('/api/voice/calls/:id', `/api/voice/calls/${ids.interaction}`)
    .replace('/api/attachments/:id', `/api/attachments/${ids.attachment}`)
    .replace('/api/auth/tokens/:id', `/api/auth/tokens/${ids.token}`)
    .replace('/api/routing/offers/:id', `/api/routing/offers/${ids.offer}`)
    .replace('/api/channels/:id', `/api/channels/${ids.channel}`)
    .replace('/api/walk-in/branches/:id', `/api/walk-in/branches/${ids.branch}`)
    .replace('/api/walk-in/tickets/:id', `/api/walk-in/tickets/${ids.ticket}`)
    .replace('/api/saved-answers/:id', `/api/saved-answers/${ids.answer}`)
    .replace('/api/scripts/:id', `/api/scripts/${ids.script}`)
    .replace(':scriptId', ids.script!)
    .replace('/api/wrap-up-codes/:id', `/api/wrap-up-codes/${ids.code}`)
    .replace('/api/escalations/:id', `/api/escalations/${ids.escalation}`);
}

/** A body each route accepts, so that the request passes validation and reaches the workspace check. */
const bodies = (): Record<string, unknown> => ({
  'PATCH /api/cases/:id': { priority: 'high' },
  'PATCH /api/customers/:id': { name: 'Taken over' },
  'PATCH /api/departments/:id': { name: 'Taken over' },
  'PATCH /api/channels/:id': { name: 'Taken over' },
  'POST /api/walk-in/branches/:id/call-next': { counter: 'Desk 9' },
  'POST /api/walk-in/tickets/:id/call': { counter: 'Desk 9' },
  'PATCH /api/interactions/:id': { priority: 'high' },
  'PATCH /api/queues/:id': { name: 'Taken over' },
  'PUT /api/surveys/rules/:id': { enabled: false, minDaysBetween: 7, linkDays: 7, channels: [] },
  'PATCH /api/users/:id': { name: 'Taken over' },
  'POST /api/cases/:id/interactions': { interactionId: bIds.interaction },
  'POST /api/customers/:id/identities': { kind: 'email', value: 'stolen@x.test' },
  'POST /api/customers/:id/merge': { sourceId: bIds.customer },
  'POST /api/customers/:id/notes': { body: 'x' },
  'POST /api/customers/:id/orders': { number: 'X-1', status: 'paid', currency: 'USD', amount: '1.00', items: [] },
  'POST /api/interactions/:id/assign': { agentId: bIds.agent },
  'POST /api/interactions/:id/close': { resolved: true },
  'POST /api/interactions/:id/force-assign': { agentId: bIds.agent },
  'POST /api/interactions/:id/messages': { body: 'x' },
  'POST /api/interactions/:id/notes': { body: 'x' },
  'POST /api/interactions/:id/transfer': { queueId: bIds.queue },
  'PUT /api/departments/:id/members': { members: [] },
  'PUT /api/routing/agents/:id/capacity': { capacity: { chat: 1 } },
  'PATCH /api/saved-answers/:id': { title: 'Taken over' },
  'POST /api/saved-answers/:id/render': { interactionId: bIds.interaction },
  'PATCH /api/scripts/:id': { name: 'Taken over' },
  'PUT /api/interactions/:id/scripts/:scriptId': { answers: {} },
  'PATCH /api/wrap-up-codes/:id': { label: 'Taken over' },
  'POST /api/interactions/:id/escalate': { reason: 'x' },
  'POST /api/interactions/:id/consult': { agentId: bIds.agent, note: 'Can you take this?' },
  'POST /api/interactions/:id/consult/:consultId/answer': { accept: true },
  'POST /api/voice/calls/:id/answer': { sdp: 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n' },
  'POST /api/voice/calls/:id/dtmf': { digits: '1' },
  'POST /api/voice/calls/:id/transfer': { to: { queueId: bIds.queue } },
  'POST /api/voice/calls/:id/supervise': { sdp: 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n', mode: 'listen' },
  'PATCH /api/voice/calls/:id/supervise': { mode: 'listen' },
  'POST /api/interactions/:id/snooze': { until: new Date(Date.now() + 3600_000).toISOString() },
});

describe('workspace isolation over every route with an id', () => {
  it('answers 404 to workspace B for every one of A’s resources, and changes nothing of A', async () => {
    const routes = t.server.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.url.includes(':') && !r.public && !r.url.endsWith('/attachments'));
    expect(routes.length).toBeGreaterThan(35);
    const body = bodies();
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const url = fill(r.url);
      expect(url, `${key} has a parameter this test cannot fill`).not.toContain(':');
      const res = await b.admin.request(r.method as 'GET', url, r.method === 'GET' || r.method === 'DELETE' ? undefined : body[key] ?? {});
      expect(res.statusCode, `${key} as B: ${res.body}`).toBe(404);
    }
    // A's rows are untouched.
    expect((await a.admin.get(`/api/customers/${ids.customer}`)).json().customer.name).toBe('Routing Customer');
    expect((await a.admin.get(`/api/departments/${ids.department}`)).statusCode).toBe(200);
    expect((await a.admin.get(`/api/interactions/${ids.interaction}`)).json().interaction.status).toBe('queued');
    expect((await a.admin.get(`/api/cases/${ids.case}`)).json().case.priority).toBe('normal');
    expect((await a.admin.get(`/api/attachments/${ids.attachment}`)).body).toBe('hello');
    expect((await a.admin.get('/api/auth/tokens')).json().items.map((x: { id: string }) => x.id)).toContain(ids.token);
    expect((await a.admin.get(`/api/channels/${ids.channel}`)).json().channel.name).toBe('Bot');
    expect((await a.admin.get('/api/saved-answers')).json().items[0].title).toBe('Hello');
    expect((await a.admin.get('/api/escalations?status=open')).json().items.map((x: { id: string }) => x.id)).toEqual([ids.escalation]);
  });

  it('never lists another workspace’s rows', async () => {
    for (const url of ['/api/users', '/api/departments', '/api/queues', '/api/customers', '/api/cases', '/api/interactions', '/api/audit', '/api/routing/agents', '/api/channels', '/api/saved-answers', '/api/scripts', '/api/wrap-up-codes', '/api/escalations', '/api/colleagues']) {
      const body = (await b.admin.get(url)).body;
      for (const [kind, id] of Object.entries(ids)) if (kind !== 'caseNumber') expect(body.includes(id), `${url} shows ${id}`).toBe(false);
    }
  });
});
