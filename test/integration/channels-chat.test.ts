/**
 * The website chat widget's public API against a real PostgreSQL: visitors start, chat both ways with an
 * agent who accepted the routed offer, reconnect without losing messages, stay inside their own
 * conversation, get rate-limited, leave a message when the queue is closed, rate the chat, upload files
 * within the limits, and ask for a transcript delivered to a real SMTP sink.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, offered, routingFixture, setState } from '../support/routing.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

const SECRET = 'site-identity-secret-0123456789';
const hostile = '<img src=x onerror="document.title=\'pwned\'">';

let t: TestServer;
let w: TestWorkspace;
let smtp: SMTPServer;
const mails: { to: string; body: string }[] = [];
let fixture: Awaited<ReturnType<typeof routingFixture>>;
let channel: { id: string; publicKey: string };

type Res = { statusCode: number; json(): any; body: string; headers: Record<string, unknown> };
const call = (method: 'GET' | 'POST', url: string, body?: unknown, token?: string, ip = '10.0.0.1'): Promise<Res> => t.server.app.inject({
  method, url, remoteAddress: ip, headers: token ? { 'x-chat-token': token } : {}, ...(body === undefined ? {} : { payload: body as object }),
}) as unknown as Promise<Res>;

let seq = 0;
const clientId = () => `c${Date.now().toString(36)}${(++seq).toString().padStart(6, '0')}`;

async function startVisitor(extra: Record<string, unknown> = {}, key = channel.publicKey, ip = '10.0.0.1') {
  const r = await call('POST', `/api/public/chat/${key}/start`, { name: 'Visitor', language: 'en', ...extra }, undefined, ip);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { token: string; conversation: any; messages: any[] };
}
const say = async (token: string, text: string, ip = '10.0.0.1') => {
  const r = await call('POST', '/api/public/chat/messages', { text, clientId: clientId() }, token, ip);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const conversation = async (token: string, since?: string) => {
  const r = await call('GET', `/api/public/chat/conversation${since ? `?since=${since}` : ''}`, undefined, token);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { conversation: any; messages: any[] };
};

/** Puts the contact with the agent who gets its offer. */
async function answered(interactionId: string) {
  const { agent, offer } = await offered(fixture.agents, interactionId, 15_000);
  const r = await agent.post(`/api/routing/offers/${offer.id}/accept`);
  expect(r.statusCode, r.body).toBe(200);
  return agent;
}

async function speaks(agents: Client[]) {
  for (const a of agents) expect((await w.admin.patch(`/api/users/${a.userId}`, { languages: ['en', 'ar', 'az'] })).statusCode).toBe(200);
}

function connect(token: string, since?: string) {
  const got: any[] = [];
  const ws = new WebSocket(`${t.url!.replace('http', 'ws')}/api/public/chat/ws`);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token, since })));
  ws.on('message', (raw) => got.push(JSON.parse(String(raw))));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const hello = () => eventually(async () => got.find((m) => m.kind === 'hello'), 8000, 'hello');
  return { ws, got, closed, hello };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestServer({ listen: true, env: { ATTACHMENT_MAX_MB: '1', TRANSCRIPT_SMTP_URL: `smtp://127.0.0.1:${port}`, TRANSCRIPT_FROM: 'Shop <shop@example.test>' } });
  w = await t.workspace('Chat');
  fixture = await routingFixture(w, { agents: 1, channels: ['chat'] });
  // Chats carry the visitor's language; routing offers them to agents who speak it.
  await speaks(fixture.agents);
  const res = await w.admin.post('/api/channels', {
    kind: 'chat', name: 'Shop website', address: 'shop.example', queueId: fixture.queueId,
    settings: { topics: [{ id: 'sales', label: { en: 'Sales', ar: 'المبيعات' }, queueId: fixture.queueId }], greeting: { en: 'Hi!' } },
    credentials: { identitySecret: SECRET },
  });
  expect(res.statusCode, res.body).toBe(201);
  channel = res.json().channel;
  await setState(fixture.agents[0]!, 'available');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('chat widget API', () => {
  it('gives the admin the snippet and the widget its public config (no secrets)', async () => {
    const s = await w.admin.get(`/api/channels/${channel.id}/snippet`);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().snippet).toBe(`<script src="${t.server.ctx.config.publicUrl}/widget.js" data-tawasul-key="${channel.publicKey}" async></script>`);
    expect((await w.agent.get(`/api/channels/${channel.id}/snippet`)).statusCode).toBe(403);
    const c = await call('GET', `/api/public/chat/${channel.publicKey}/config`);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.headers['access-control-allow-origin']).toBe('*');
    expect(c.json().config).toMatchObject({ name: 'Shop website', open: true, identityVerification: true, greeting: { en: 'Hi!' }, transcript: true, topics: [{ id: 'sales', open: true }] });
    expect(c.body).not.toContain(SECRET);
    expect((await call('GET', '/api/public/chat/unknown-key-123/config')).statusCode).toBe(404);
    const pre = await t.server.app.inject({ method: 'OPTIONS', url: '/api/public/chat/messages', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('x-chat-token');
  });

  it('chats both ways with the agent, live over the visitor socket, with typing and read receipts', async () => {
    const v = await startVisitor({ name: 'Amina', email: 'amina@example.test', topic: 'sales' });
    expect(v.conversation).toBeNull();
    const first = await say(v.token, 'Hello, is the blue kettle in stock?');
    expect(first.conversation).toMatchObject({ status: 'queued', position: 1 });
    expect(first.message).toMatchObject({ from: 'visitor', body: 'Hello, is the blue kettle in stock?' });
    const interactionId = first.conversation.id as string;

    const live = connect(v.token, first.message.id);
    const hello = await live.hello();
    expect(hello.conversation.id).toBe(interactionId);
    expect(hello.messages).toEqual([]);

    const agent = await answered(interactionId);
    await eventually(async () => live.got.find((m) => m.kind === 'conversation' && m.conversation.status === 'active' && m.conversation.agent?.firstName), 8000, 'agent joined');

    expect((await agent.post(`/api/interactions/${interactionId}/typing`, { typing: true })).statusCode).toBe(204);
    await eventually(async () => live.got.find((m) => m.kind === 'typing' && m.typing === true), 8000, 'agent typing');
    const sent = await agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Yes, we have it.' });
    expect(sent.statusCode, sent.body).toBe(201);
    const note = await agent.post(`/api/interactions/${interactionId}/notes`, { body: 'secret internal note' });
    expect(note.statusCode).toBe(201);
    const pushed = await eventually(async () => live.got.find((m) => m.kind === 'message' && m.message.body === 'Yes, we have it.'), 8000, 'agent message');
    expect(pushed.message).toMatchObject({ from: 'agent', agentName: expect.any(String) });
    expect(JSON.stringify(pushed)).not.toContain(agent.userId);

    // The widget reports reading once the message is handed over (`sent`, pushed as an update); then it becomes read.
    await eventually(async () => live.got.find((m) => m.kind === 'message' && m.message.id === pushed.message.id && m.message.status === 'sent'), 8000, 'sent update');
    const r = await call('POST', '/api/public/chat/read', { upTo: pushed.message.id }, v.token);
    expect(r.statusCode, r.body).toBe(200);
    await eventually(async () => {
      const msgs = (await agent.get(`/api/interactions/${interactionId}/messages`)).json().items;
      return msgs.find((m: any) => m.id === pushed.message.id)?.deliveryStatus === 'read';
    }, 8000, 'read receipt');

    // The agent read the visitor's messages: the visitor is told.
    const read = await agent.post(`/api/interactions/${interactionId}/read`, {});
    expect(read.json().read).toBe(1);
    await eventually(async () => live.got.find((m) => m.kind === 'read' && m.messageIds.includes(first.message.id)), 8000, 'agent read receipt');

    const all = await conversation(v.token);
    expect(all.messages.map((m) => m.body)).toEqual(['Hello, is the blue kettle in stock?', 'Yes, we have it.']);
    expect(JSON.stringify(all)).not.toContain('secret internal note');
    expect(live.got.some((m) => JSON.stringify(m).includes('secret internal note'))).toBe(false);
    expect(all.messages[0].readAt).toBeTruthy();

    // Reconnect with the last message the client had: the missed ones come first, nothing is lost.
    live.ws.close();
    await live.closed;
    await agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Sent while you were away' });
    const again = connect(v.token, pushed.message.id);
    const h2 = await again.hello();
    expect(h2.messages.map((m: any) => m.body)).toEqual(['Sent while you were away']);
    const after = await say(v.token, 'Great, thanks');
    expect(after.conversation.id).toBe(interactionId);
    await eventually(async () => again.got.find((m) => m.kind === 'message' && m.message.body === 'Great, thanks'), 8000, 'own message echoed');
    again.ws.close();

    // The customer identity carries the email given in the form.
    const customer = (await w.admin.get(`/api/interactions/${interactionId}`)).json().interaction.customerId;
    const ids = (await w.admin.get(`/api/customers/${customer}`)).json().customer.identities.map((i: any) => `${i.kind}:${i.value}`);
    expect(ids).toContain('email:amina@example.test');
    expect(ids.find((x: string) => x.startsWith('chat:visitor:'))).toBeTruthy();
  });

  it('continues the same conversation after a reload with the stored token', async () => {
    const v = await startVisitor();
    const m = await say(v.token, 'first tab');
    const resumed = await startVisitor({ token: v.token, name: '' });
    expect(resumed.conversation.id).toBe(m.conversation.id);
    expect(resumed.messages.map((x) => x.body)).toEqual(['first tab']);
    const more = await say(resumed.token, 'second tab');
    expect(more.conversation.id).toBe(m.conversation.id);
    expect((await conversation(v.token)).messages.map((x) => x.body)).toEqual(['first tab', 'second tab']);
  });

  it('keeps two visitors apart: neither reads nor touches the other’s conversation', async () => {
    const a = await startVisitor({ name: 'A' });
    const b = await startVisitor({ name: 'B' });
    const ma = await say(a.token, 'private to A');
    await say(b.token, 'private to B');
    expect((await conversation(b.token)).messages.map((m) => m.body)).toEqual(['private to B']);
    expect((await conversation(a.token)).messages.map((m) => m.body)).toEqual(['private to A']);
    // B cannot use A's message id, and a forged or missing token gets nothing.
    expect((await call('POST', '/api/public/chat/read', { upTo: ma.message.id }, b.token)).statusCode).toBe(404);
    expect((await conversation(b.token, ma.message.id)).messages.map((m) => m.body)).toEqual(['private to B']);
    const [body] = a.token.split('.');
    const forged = `${body}.${'A'.repeat(43)}`;
    expect((await call('GET', '/api/public/chat/conversation', undefined, forged)).statusCode).toBe(401);
    expect((await call('GET', '/api/public/chat/conversation')).statusCode).toBe(401);
    const ws = connect(forged);
    expect(await ws.closed).toBe(4001);
    // A file link of A's conversation cannot be re-pointed by B: only signed links open files.
    expect((await call('GET', '/api/public/chat/file?t=not-a-real-signed-token')).statusCode).toBe(404);
  });

  it('verifies logged-in users of the site: a good hash becomes the site identity, a bad one is refused', async () => {
    const good = createHmac('sha256', SECRET).update('user-42').digest('hex');
    const v = await startVisitor({ userId: 'user-42', userHash: good, email: 'u42@example.test', name: 'Verified User' });
    const m = await say(v.token, 'logged in');
    const i = (await w.admin.get(`/api/interactions/${m.conversation.id}`)).json().interaction;
    const c = (await w.admin.get(`/api/customers/${i.customerId}`)).json().customer;
    expect(c.identities.map((x: any) => `${x.kind}:${x.value}`)).toEqual(expect.arrayContaining([`chat:${channel.id}:user-42`, 'email:u42@example.test']));
    // The same user on another device lands in the same conversation.
    const other = await startVisitor({ userId: 'user-42', userHash: good });
    expect(other.conversation.id).toBe(m.conversation.id);
    const bad = await call('POST', `/api/public/chat/${channel.publicKey}/start`, { name: 'X', language: 'en', userId: 'user-42', userHash: createHmac('sha256', 'wrong-secret-000000').update('user-42').digest('hex') });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid_identity');
    const other43 = await call('POST', `/api/public/chat/${channel.publicKey}/start`, { name: 'X', language: 'en', userId: 'user-43', userHash: good });
    expect(other43.statusCode).toBe(401);
  });

  it('keeps hostile strings verbatim (escaping is the UI’s job)', async () => {
    const v = await startVisitor({ name: hostile });
    const m = await say(v.token, hostile);
    expect(m.message.body).toBe(hostile);
    expect((await conversation(v.token)).messages[0].body).toBe(hostile);
    const i = (await w.admin.get(`/api/interactions/${m.conversation.id}`)).json().interaction;
    expect((await w.admin.get(`/api/customers/${i.customerId}`)).json().customer.name).toBe(hostile);
  });

  it('rate-limits a visitor who floods (429 with a code), and one address starting many visitors', async () => {
    const v = await startVisitor({}, channel.publicKey, '10.0.0.2');
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await call('POST', '/api/public/chat/messages', { text: `m${i}`, clientId: clientId() }, v.token, '10.0.0.2')).statusCode);
    expect(codes.filter((c) => c === 201).length).toBeGreaterThanOrEqual(15);
    expect(codes).toContain(429);
    const limited = await call('POST', '/api/public/chat/messages', { text: 'again', clientId: clientId() }, v.token, '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    const starts: number[] = [];
    for (let i = 0; i < 25; i++) starts.push((await call('POST', `/api/public/chat/${channel.publicKey}/start`, { name: 'S', language: 'en' }, undefined, '10.0.0.3')).statusCode);
    expect(starts).toContain(429);
  });

  it('enforces attachment limits: 413 too large, 415 a type not accepted or content that lies', async () => {
    const v = await startVisitor();
    const upload = (name: string, type: string, content: Buffer) => t.server.app.inject({
      method: 'POST', url: '/api/public/chat/attachments', remoteAddress: '10.0.0.4',
      headers: { 'x-chat-token': v.token, 'content-type': 'multipart/form-data; boundary=zz' },
      payload: Buffer.concat([
        Buffer.from(`--zz\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${clientId()}\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
        content, Buffer.from('\r\n--zz--\r\n'),
      ]),
    });
    const big = await upload('big.txt', 'text/plain', Buffer.alloc(1024 * 1024 + 10, 'a'));
    expect(big.statusCode, big.body).toBe(413);
    expect((await upload('run.exe', 'application/x-msdownload', Buffer.from('MZ....'))).statusCode).toBe(415);
    expect((await upload('fake.png', 'image/png', Buffer.from('not a png at all'))).statusCode).toBe(415);
    const ok = await upload('note.txt', 'text/plain', Buffer.from('order 123 receipt'));
    expect(ok.statusCode, ok.body).toBe(201);
    const file = ok.json().message.attachments[0];
    expect(file).toMatchObject({ fileName: 'note.txt', contentType: 'text/plain', size: 17 });
    const got = await call('GET', file.url);
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('order 123 receipt');
  });

  it('takes a rating at the end (stored as a rated event) and emails the transcript', async () => {
    // A desk of its own, so contacts of the tests before do not stand in line ahead of this one.
    const desk = await routingFixture(w, { agents: 1, channels: ['chat'] });
    const site = (await w.admin.post('/api/channels', { kind: 'chat', name: 'Rated site', queueId: desk.queueId })).json().channel;
    await speaks(desk.agents);
    await setState(desk.agents[0]!, 'available');
    const v = await startVisitor({ name: 'Rater' }, site.publicKey);
    const m = await say(v.token, 'Quick question');
    expect((await call('POST', '/api/public/chat/rating', { score: 5 }, v.token)).statusCode).toBe(409);
    const { agent: who, offer } = await offered(desk.agents, m.conversation.id, 15_000);
    expect((await who.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    const agent: Client = who;
    await agent.post(`/api/interactions/${m.conversation.id}/messages`, { body: 'Answered!' });
    expect((await agent.post(`/api/interactions/${m.conversation.id}/close`, { resolved: true })).statusCode).toBe(200);
    const r = await call('POST', '/api/public/chat/rating', { score: 4, comment: 'Fast <b>help</b>' }, v.token);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().conversation.rated).toBe(true);
    const events = (await w.admin.get(`/api/interactions/${m.conversation.id}/events`)).json().items;
    expect(events.find((e: any) => e.type === 'rated')).toMatchObject({ actorType: 'customer', data: { score: 4, comment: 'Fast <b>help</b>', source: 'chat' } });

    const tr = await call('POST', '/api/public/chat/transcript', { email: 'rater@example.test' }, v.token);
    expect(tr.statusCode, tr.body).toBe(202);
    const mail = await eventually(async () => mails.find((x) => x.to === 'rater@example.test'), 20_000, 'transcript email');
    const parsed = await simpleParser(mail.body);
    expect(parsed.subject).toBe('Your chat transcript — Rated site');
    expect(parsed.from?.value[0]?.address).toBe('shop@example.test');
    expect(parsed.text).toMatch(/You: Quick question\n.*: Answered!/);
  });

  it('offers leaving a message when the queue is closed, and the message waits as a contact', async () => {
    const q = await w.admin.post('/api/queues', { name: 'Closed desk', channels: ['chat'], settings: { hours: { timezone: 'UTC', weekly: [] } } });
    expect(q.statusCode, q.body).toBe(201);
    const closed = (await w.admin.post('/api/channels', { kind: 'chat', name: 'Closed site', queueId: q.json().queue.id })).json().channel;
    const cfg = (await call('GET', `/api/public/chat/${closed.publicKey}/config`)).json().config;
    expect(cfg).toMatchObject({ open: false, closedReason: 'closed' });
    const v = await startVisitor({}, closed.publicKey);
    const refused = await call('POST', '/api/public/chat/messages', { text: 'anyone?', clientId: clientId() }, v.token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('offline');
    expect((await call('POST', `/api/public/chat/${closed.publicKey}/offline`, { language: 'en', message: 'no contact' })).statusCode).toBe(422);
    const left = await call('POST', `/api/public/chat/${closed.publicKey}/offline`, { name: 'Night Owl', email: 'owl@example.test', language: 'en', message: 'Please call me back about order 77' });
    expect(left.statusCode, left.body).toBe(201);
    const i = (await w.admin.get(`/api/interactions/${left.json().interactionId}`)).json().interaction;
    expect(i).toMatchObject({ status: 'queued', queueId: q.json().queue.id, channel: 'chat', subject: 'Message left on the website' });
    const msgs = (await w.admin.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs[0]).toMatchObject({ body: 'Please call me back about order 77', meta: { offline: true, email: 'owl@example.test' } });
  });

  it('reports no agent when nobody with the queue’s skills is available', async () => {
    await setState(fixture.agents[0]!, 'away', 'break');
    const cfg = (await call('GET', `/api/public/chat/${channel.publicKey}/config`)).json().config;
    expect(cfg).toMatchObject({ open: false, closedReason: 'no_agents' });
    await setState(fixture.agents[0]!, 'available');
    expect((await call('GET', `/api/public/chat/${channel.publicKey}/config`)).json().config.open).toBe(true);
  });
});
