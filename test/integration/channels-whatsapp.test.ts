import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type Recorded, type Reply } from '../support/fake-provider.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => readFileSync(new URL(`../../server/modules/channels/whatsapp/fixtures/${name}`, import.meta.url), 'utf8');
const PHONE_ID = '106540352242922';
const TOKEN = 'EAAGm0PX4ZCpsBAKzZAwhatsapp-token-000';
const APP_SECRET = 'whatsapp-app-secret-0123456789';
const VERIFY = 'verify-me-please';
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb]), Buffer.from('WhatsApp photo bytes'), Buffer.alloc(777, 9)]);
const templates = [{ name: 'order_update', language: 'en_US', params: 1, text: 'Hello, news about your order {{1}}' }];

let t: TestServer;
let a: TestWorkspace;
let provider: FakeProvider;
let channel: { id: string; publicKey: string };
let answer: (r: Recorded) => Reply;
let wamid = 0;

const defaultAnswer = (r: Recorded): Reply => {
  if (r.method === 'POST' && r.path === `/v21.0/${PHONE_ID}/messages`) {
    wamid++;
    return { json: { messaging_product: 'whatsapp', contacts: [{ input: r.json().to, wa_id: r.json().to }], messages: [{ id: `wamid.OUT${wamid}` }] } };
  }
  if (r.method === 'GET' && r.path === '/v21.0/1003383421387256') {
    return { json: { messaging_product: 'whatsapp', url: `${provider.url}/media-download/1003383421387256?ext=1`, mime_type: 'image/jpeg', sha256: 'x', file_size: photo.length, id: '1003383421387256' } };
  }
  if (r.method === 'GET' && r.path === '/media-download/1003383421387256') return { body: photo, headers: { 'content-type': 'image/jpeg' } };
  return { status: 404, json: { error: { message: 'Unknown path', code: 100 } } };
};

const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const webhook = (body: string, signature: string | null = sign(body)) => t.server.app.inject({
  method: 'POST', url: `/api/public/channels/whatsapp/${channel.publicKey}/webhook`, payload: body,
  headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
});
const messageCount = async () => (await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).rows[0].n as number;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('WhatsApp');
  answer = defaultAnswer;
  provider = await new FakeProvider((r) => answer(r)).start();
  const queueId = (await a.admin.post('/api/queues', { name: 'WhatsApp queue', channels: ['whatsapp'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'whatsapp', name: 'Shop WhatsApp', address: '+15550783881', queueId,
    settings: { apiBaseUrl: provider.url, phoneNumberId: PHONE_ID, templates },
    credentials: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
  });
  expect(res.statusCode, res.body).toBe(201);
  channel = res.json().channel;
});
afterAll(async () => {
  await provider?.stop();
  await t?.close();
});

describe('WhatsApp webhook', () => {
  it('answers the verification handshake only for the right verify token', async () => {
    const url = `/api/public/channels/whatsapp/${channel.publicKey}/webhook`;
    const ok = await t.server.app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect((await t.server.app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=nope-nope&hub.challenge=1` })).statusCode).toBe(403);
  });

  it('rejects a bad signature, or a body changed after signing, and stores nothing', async () => {
    const body = fixture('text-message.json');
    expect((await webhook(body, null)).statusCode).toBe(401);
    expect((await webhook(body, sign(body, 'another-secret-0123456789'))).statusCode).toBe(401);
    expect((await webhook(body.replace('another color', 'a refund'), sign(body))).statusCode).toBe(401);
    // The same JSON re-serialised is not the signed body.
    expect((await webhook(JSON.stringify(JSON.parse(body)), sign(body))).statusCode).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  it('turns a message into a queued contact of the customer found by wa_id', async () => {
    const res = await webhook(fixture('text-message.json'));
    expect(res.statusCode, res.body).toBe(200);
    const [i] = (await a.agent.get('/api/interactions?channel=whatsapp')).json().items;
    expect(i).toMatchObject({ status: 'queued', channel: 'whatsapp', channelAccountId: channel.id });
    const customer = (await a.agent.get(`/api/customers/${i.customerId}`)).json().customer;
    expect(customer.name).toBe('Sheena Nelson');
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'whatsapp', value: '16505551234' })]));
  });

  it('never stores a retried notification twice', async () => {
    const again = await Promise.all([1, 2, 3].map(() => webhook(fixture('text-message.json'))));
    expect(again.every((r) => r.statusCode === 200)).toBe(true);
    expect(await messageCount()).toBe(1);
  });

  it('fetches media through GET /{media-id} then the url, with the bearer token, byte for byte', async () => {
    expect((await webhook(fixture('image-message.json'))).statusCode).toBe(200);
    const [i] = (await a.agent.get('/api/interactions?channel=whatsapp')).json().items;
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs[1].body).toBe('This is how it arrived');
    const [file] = msgs[1].attachments;
    expect(file).toMatchObject({ contentType: 'image/jpeg', size: photo.length });
    expect(Buffer.compare((await a.agent.get(`/api/attachments/${file.id}`)).rawPayload, photo)).toBe(0);
    const calls = provider.requests.filter((r) => r.method === 'GET');
    expect(calls.map((r) => r.path)).toEqual(['/v21.0/1003383421387256', '/media-download/1003383421387256']);
    expect(calls.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe('WhatsApp outbound', () => {
  let interactionId: string;
  const message = async (id: string) => (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((x: { id: string }) => x.id === id);
  beforeAll(async () => {
    interactionId = (await a.agent.get('/api/interactions?channel=whatsapp')).json().items[0].id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
  });

  it('tells the agent the window is open and which templates exist', async () => {
    const res = await a.agent.get(`/api/interactions/${interactionId}/channel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'whatsapp', windowOpen: true, templates: [{ name: 'order_update', language: 'en_US', params: 1 }] });
    expect(new Date(res.json().windowClosesAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const other = await t.workspace('WhatsApp other');
    expect((await other.agent.get(`/api/interactions/${interactionId}/channel`)).statusCode).toBe(404);
  });

  it('sends a text reply as the Cloud API documents it, and status webhooks move it to delivered then read', async () => {
    provider.requests.length = 0;
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Yes, it also comes in blue.' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    const call = provider.requests.find((r) => r.path === `/v21.0/${PHONE_ID}/messages`)!;
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.json()).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'text', text: { preview_url: false, body: 'Yes, it also comes in blue.' } });
    const sentId = `wamid.OUT${wamid}`;
    const fix = (name: string) => fixture(name).replaceAll('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA', sentId);
    expect((await webhook(fix('status-delivered.json'))).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('delivered');
    expect((await webhook(fix('status-read.json'))).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('read');
    expect((await webhook(fix('status-delivered.json'))).statusCode).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('read');
  });

  it('records a failed status with its error', async () => {
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'One more thing' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    expect((await webhook(fixture('status-failed.json').replaceAll('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA', `wamid.OUT${wamid}`))).statusCode).toBe(200);
    const m = await message(id);
    expect(m.deliveryStatus).toBe('failed');
    expect(m.deliveryError).toContain('131047');
  });

  it('refuses free text after 24 hours of customer silence, and sends an approved template instead', async () => {
    await t.database.pool.query(`UPDATE messages SET created_at = created_at - interval '25 hours' WHERE workspace_id = $1 AND direction = 'inbound'`, [a.id]);
    const info = (await a.agent.get(`/api/interactions/${interactionId}/channel`)).json();
    expect(info.windowOpen).toBe(false);
    const before = await messageCount();
    const refused = await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Are you still there?' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('whatsapp_window_closed');
    expect(await messageCount()).toBe(before);

    const unknown = await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'x', template: { name: 'promo', language: 'en_US', params: [] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('unknown_template');

    provider.requests.length = 0;
    const res = await a.agent.post(`/api/interactions/${interactionId}/messages`, {
      body: 'Hello, news about your order 1042', template: { name: 'order_update', language: 'en_US', params: ['1042'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    await eventually(async () => ((await message(res.json().message.id)).deliveryStatus === 'sent' ? true : undefined));
    expect(provider.requests.find((r) => r.path === `/v21.0/${PHONE_ID}/messages`)!.json()).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '1042' }] }] },
    });
  });

  it('reopens the window when the customer writes again', async () => {
    const body = fixture('text-message.json').replace('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', 'wamid.NEW-INBOUND-1');
    expect((await webhook(body)).statusCode).toBe(200);
    expect((await a.agent.get(`/api/interactions/${interactionId}/channel`)).json().windowOpen).toBe(true);
    expect((await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Welcome back!' })).statusCode).toBe(201);
  });

  it('fails at once when the Cloud API refuses the message (4xx)', async () => {
    answer = (r) => (r.method === 'POST' ? { status: 400, json: { error: { message: '(#131030) Recipient phone number not in allowed list', code: 131030 } } } : defaultAnswer(r));
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Hi' })).json().message.id;
    const m = await eventually(async () => { const x = await message(id); return x.deliveryStatus === 'failed' ? x : undefined; });
    expect(m.deliveryError).toContain('131030');
    answer = defaultAnswer;
  });
});
