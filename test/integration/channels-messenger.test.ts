import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type Recorded, type Reply } from '../support/fake-provider.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => readFileSync(new URL(`../../server/modules/channels/messenger/fixtures/${name}`, import.meta.url), 'utf8');
const PAGE = '1234567890123456';
const TOKEN = 'EAAPageAccessToken-messenger-0001';
const APP_SECRET = 'messenger-app-secret-0123456789';
const VERIFY = 'verify-messenger';
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('parcel photo'), Buffer.alloc(256, 1)]);

let t: TestServer;
let a: TestWorkspace;
let provider: FakeProvider;
let channel: { id: string; publicKey: string };
let answer: (r: Recorded) => Reply;
let mid = 0;

const defaultAnswer = (r: Recorded): Reply => {
  if (r.method === 'POST' && r.path === '/v21.0/me/messages') {
    mid++;
    return { json: { recipient_id: '6789012345678901', message_id: `m_out-${mid}` } };
  }
  if (r.method === 'GET' && r.path.endsWith('/photo-of-the-parcel.jpg')) return { body: png, headers: { 'content-type': 'image/png' } };
  return { status: 404, json: { error: { message: 'Unknown path', code: 100 } } };
};

const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const webhook = (body: string, signature: string | null = sign(body)) => t.server.app.inject({
  method: 'POST', url: `/api/public/channels/messenger/${channel.publicKey}/webhook`, payload: body,
  headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
});
const messageCount = async () => (await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).rows[0].n as number;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Messenger');
  answer = defaultAnswer;
  provider = await new FakeProvider((r) => answer(r)).start();
  const queueId = (await a.admin.post('/api/queues', { name: 'Messenger queue', channels: ['messenger'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'messenger', name: 'Shop page', address: PAGE, queueId, settings: { apiBaseUrl: provider.url, pageId: PAGE },
    credentials: { pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
  });
  expect(res.statusCode, res.body).toBe(201);
  channel = res.json().channel;
});
afterAll(async () => {
  await provider?.stop();
  await t?.close();
});

describe('Messenger webhook', () => {
  it('answers the verification handshake only for the right verify token', async () => {
    const url = `/api/public/channels/messenger/${channel.publicKey}/webhook`;
    const ok = await t.server.app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=CHALLENGE_ACCEPTED` });
    expect(ok.body).toBe('CHALLENGE_ACCEPTED');
    expect((await t.server.app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=x` })).statusCode).toBe(403);
  });

  it('rejects a bad signature and stores nothing', async () => {
    const body = fixture('text-message.json');
    expect((await webhook(body, null)).statusCode).toBe(401);
    expect((await webhook(body, sign(body, 'not-the-app-secret-000000'))).statusCode).toBe(401);
    expect((await webhook(`${body} `, sign(body))).statusCode).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  it('turns a message into a queued contact of the customer found by PSID, once however often it is retried', async () => {
    const results = await Promise.all([1, 2, 3].map(() => webhook(fixture('text-message.json'))));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const [i] = (await a.agent.get('/api/interactions?channel=messenger')).json().items;
    expect(i).toMatchObject({ status: 'queued', channel: 'messenger', channelAccountId: channel.id });
    const customer = (await a.agent.get(`/api/customers/${i.customerId}`)).json().customer;
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'messenger', value: '6789012345678901' })]));
    expect(await messageCount()).toBe(1);
    expect((await webhook(fixture('echo-message.json'))).statusCode).toBe(200);
    expect(await messageCount()).toBe(1);
  });

  it('downloads an attachment from its payload url, byte for byte', async () => {
    const body = fixture('image-message.json').replace('https://scontent.xx.fbcdn.net', `${provider.url}`);
    expect((await webhook(body)).statusCode).toBe(200);
    const [i] = (await a.agent.get('/api/interactions?channel=messenger')).json().items;
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    const [file] = msgs[1].attachments;
    expect(file).toMatchObject({ fileName: 'photo-of-the-parcel.jpg', contentType: 'image/png', size: png.length });
    expect(Buffer.compare((await a.agent.get(`/api/attachments/${file.id}`)).rawPayload, png)).toBe(0);
  });
});

describe('Messenger outbound', () => {
  let interactionId: string;
  const message = async (id: string) => (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((x: { id: string }) => x.id === id);
  beforeAll(async () => {
    interactionId = (await a.agent.get('/api/interactions?channel=messenger')).json().items[0].id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
  });

  it('sends through the Send API and follows delivery and read receipts', async () => {
    provider.requests.length = 0;
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Sure, what is the new address?' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    const call = provider.requests.find((r) => r.path === '/v21.0/me/messages')!;
    expect(call.method).toBe('POST');
    expect(call.query.get('access_token')).toBe(TOKEN);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.json()).toEqual({ recipient: { id: '6789012345678901' }, messaging_type: 'RESPONSE', message: { text: 'Sure, what is the new address?' } });

    expect((await webhook(fixture('delivery.json').replace('m_sent-by-agent-0001', `m_out-${mid}`))).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('delivered');
    const read = fixture('read.json').replaceAll('1458668856253', String(Date.now() + 1000));
    expect((await webhook(read)).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('read');
  });

  it('marks read only what was sent before the watermark', async () => {
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Got it.' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    expect((await webhook(fixture('read.json'))).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('sent');
  });

  it('fails at once on a permanent Send API refusal', async () => {
    answer = (r) => (r.method === 'POST' ? { status: 400, json: { error: { message: '(#551) This person isn\'t available right now.', code: 551 } } } : defaultAnswer(r));
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Hello?' })).json().message.id;
    const m = await eventually(async () => { const x = await message(id); return x.deliveryStatus === 'failed' ? x : undefined; });
    expect(m.deliveryError).toContain('551');
    answer = defaultAnswer;
  });
});
