import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from '../support/fake-provider.js';
import { eventually, offered, routingFixture, setState } from '../support/routing.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let sms: FakeProvider;
let branch: { id: string; publicKey: string };
let queueId: string;
let agents: Client[];
const SID = 'AC0123456789abcdef0123456789abcdef';

const kiosk = (path: string, body?: unknown) => t.server.app.inject({ method: body ? 'POST' : 'GET', url: `/api/public/kiosk/${branch.publicKey}${path}`, ...(body ? { payload: body as object } : {}) });
const take = async (service: string, phone?: string) => {
  const res = await kiosk('/tickets', { service, ...(phone ? { phone } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { ticket: { id: string; number: string; interactionId: string }; ahead: number };
};

/** Reads the display's server-sent events until `until` matches one. */
async function nextDisplay(res: Response, until: (d: { calling: { number: string; counter: string }[] }) => boolean) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const deadline = Date.now() + 8000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let at: number;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const data = chunk.split('\n').find((l) => l.startsWith('data: '));
        if (chunk.includes('event: display') && data) {
          const d = JSON.parse(data.slice(6));
          if (until(d)) return { data: d, raw: chunk };
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  throw new Error('the display never showed it');
}

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  a = await t.workspace('Branch');
  sms = await new FakeProvider(() => ({ status: 201, json: { sid: `SM${'1'.repeat(32)}`, status: 'queued' } })).start();
  const fx = await routingFixture(a, { agents: 2, channels: ['walk_in'] });
  queueId = fx.queueId;
  agents = fx.agents;
  // The branch speaks English, so its tickets go to agents who do.
  for (const x of agents) expect((await a.admin.patch(`/api/users/${x.userId}`, { languages: ['en'] })).statusCode).toBe(200);
  // Returns wait on a queue no agent here serves, so routing offers only the Accounts tickets.
  const returns = (await a.admin.post('/api/queues', { name: 'Returns desk', channels: ['walk_in'], settings: { requiredSkills: [{ skill: 'returns_desk', minLevel: 1 }] } })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'walk_in', name: 'Nizami street branch', queueId, language: 'en',
    settings: { services: [{ id: 'accounts', name: 'Accounts', letter: 'A', queueId }, { id: 'returns', name: 'Returns', letter: 'R', queueId: returns }], counters: ['Desk 1', 'Desk 2'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  branch = res.json().channel;
  const s = await a.admin.post('/api/channels', { kind: 'sms', name: 'SMS', address: '+15557654321', settings: { apiBaseUrl: sms.url, accountSid: SID }, credentials: { authToken: 'twilio-auth-token-0123456789abcdef' } });
  expect(s.statusCode, s.body).toBe(201);
});
afterAll(async () => {
  await sms?.stop();
  await t?.close();
});

describe('kiosk', () => {
  it('shows the branch services without signing in', async () => {
    const res = await kiosk('');
    expect(res.statusCode).toBe(200);
    expect(res.json().branch).toEqual({ name: 'Nizami street branch', language: 'en', services: [{ id: 'accounts', name: 'Accounts', letter: 'A' }, { id: 'returns', name: 'Returns', letter: 'R' }] });
    expect((await t.server.app.inject({ method: 'GET', url: '/api/public/kiosk/not-a-branch-key' })).statusCode).toBe(404);
  });

  it('numbers tickets per service letter and queues each as a walk_in contact', async () => {
    const first = await take('accounts');
    const second = await take('accounts', '+994 50 123 45 67');
    const other = await take('returns');
    expect([first.ticket.number, second.ticket.number, other.ticket.number]).toEqual(['A-001', 'A-002', 'R-001']);
    expect([first.ahead, second.ahead, other.ahead]).toEqual([0, 1, 0]);
    const i = (await a.agent.get(`/api/interactions/${first.ticket.interactionId}`)).json().interaction;
    expect(i).toMatchObject({ channel: 'walk_in', status: 'queued', queueId, channelAccountId: branch.id });
    const withPhone = (await a.agent.get(`/api/interactions/${second.ticket.interactionId}`)).json().interaction;
    const customer = (await a.agent.get(`/api/customers/${withPhone.customerId}`)).json().customer;
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'phone', value: '+994501234567' })]));
    expect((await kiosk('/tickets', { service: 'nope' })).statusCode).toBe(422);
  });

  it('numbers concurrent tickets without gaps or repeats', async () => {
    const many = await Promise.all([1, 2, 3, 4, 5].map(() => take('returns')));
    expect(many.map((m) => m.ticket.number).sort()).toEqual(['R-002', 'R-003', 'R-004', 'R-005', 'R-006']);
  });
});

describe('calling customers', () => {
  it('calls the oldest ticket to the agent\'s counter, shows it live on the display and texts the customer', async () => {
    const base = `${t.url}/api/public/kiosk/${branch.publicKey}/display/stream`;
    const stream = await fetch(base);
    try {
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const initial = await nextDisplay(stream, () => true);
    expect(initial.data.calling).toEqual([]);
    expect(initial.data.waiting).toEqual([{ service: 'Accounts', letter: 'A', waiting: 2 }, { service: 'Returns', letter: 'R', waiting: 6 }]);

    const [agent] = agents;
    const res = await agent!.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 2', services: ['accounts'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ticket).toMatchObject({ number: 'A-001', status: 'called', counter: 'Desk 2' });
    const shown = await nextDisplay(stream, (d) => d.calling.some((c) => c.number === 'A-001'));
    expect(shown.data.calling[0]).toMatchObject({ number: 'A-001', counter: 'Desk 2' });
    // Only numbers and counters: no names, phones or ids.
    expect(shown.raw).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(shown.raw).not.toContain('+994');
    const i = (await agent!.get(`/api/interactions/${res.json().ticket.interactionId}`)).json().interaction;
    expect(i).toMatchObject({ status: 'active', assigneeId: agent!.userId });

    const second = await agent!.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 2', services: ['accounts'] });
    expect(second.json().ticket.number).toBe('A-002');
    const text = await eventually(async () => sms.requests.find((r) => r.path === `/2010-04-01/Accounts/${SID}/Messages.json`));
    expect(Object.fromEntries(new URLSearchParams(text.text()))).toMatchObject({ To: '+994501234567', From: '+15557654321', Body: 'Ticket A-002: it is your turn. Please come to Desk 2.' });
    } finally {
      await stream.body?.cancel();
    }
  });

  it('recalls a ticket and marks a no-show, closing its contact', async () => {
    const tickets = (await a.agent.get(`/api/walk-in/branches/${branch.id}/tickets`)).json().items;
    const a1 = tickets.find((x: { number: string }) => x.number === 'A-001');
    const recalled = await agents[0]!.post(`/api/walk-in/tickets/${a1.id}/recall`);
    expect(recalled.statusCode, recalled.body).toBe(200);
    expect(recalled.json().ticket.recalls).toBe(1);
    const gone = await agents[0]!.post(`/api/walk-in/tickets/${a1.id}/no-show`);
    expect(gone.json().ticket.status).toBe('no_show');
    const i = (await a.agent.get(`/api/interactions/${a1.interactionId}`)).json().interaction;
    expect(i.status).toBe('closed');
    expect((await kiosk('/display')).json().calling.map((c: { number: string }) => c.number)).not.toContain('A-001');
  });

  it('routes tickets like any contact: an agent who accepted the offer calls that ticket', async () => {
    const ticket = await take('accounts');
    await Promise.all(agents.map((x) => setState(x, 'available')));
    const { agent, offer } = await offered(agents, ticket.ticket.interactionId);
    expect((await agent.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    const res = await agent.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 1' });
    expect(res.json().ticket).toMatchObject({ number: ticket.ticket.number, counter: 'Desk 1', status: 'called' });
    await Promise.all(agents.map((x) => setState(x, 'offline')));
  });

  it('leaves tickets of queues an agent does not serve to those who do', async () => {
    const ticket = await take('accounts');
    // The workspace's own agent has none of the queue's skills.
    expect((await a.agent.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 1' })).statusCode).toBe(404);
    const res = await agents[1]!.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 1', services: ['accounts'] });
    expect(res.json().ticket.number).toBe(ticket.ticket.number);
  });

  it('answers 404 when nobody waits', async () => {
    const res = await agents[0]!.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'Desk 1', services: ['accounts'] });
    expect(res.statusCode).toBe(404);
  });
});

describe('visits without a ticket and isolation', () => {
  it('logs an unplanned visit as a walk_in contact of the agent', async () => {
    const c = (await a.admin.post('/api/customers', { name: 'Elvin Mammadov' })).json().customer;
    const res = await a.agent.post('/api/walk-in/visits', { customerId: c.id, subject: 'Came to return a kettle' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().interaction).toMatchObject({ channel: 'walk_in', status: 'active', assigneeId: a.agent.userId, customerId: c.id });
  });

  it('hides branches and tickets from another workspace', async () => {
    const b = await t.workspace('Branch B');
    const ticket = (await a.agent.get(`/api/walk-in/branches/${branch.id}/tickets`)).json().items[0];
    expect((await b.agent.get(`/api/walk-in/branches/${branch.id}/tickets`)).statusCode).toBe(404);
    expect((await b.agent.post(`/api/walk-in/tickets/${ticket.id}/recall`)).statusCode).toBe(404);
    expect((await b.agent.post(`/api/walk-in/branches/${branch.id}/call-next`, { counter: 'X' })).statusCode).toBe(404);
    expect((await b.agent.get('/api/walk-in/branches')).json().items).toEqual([]);
  });
});
