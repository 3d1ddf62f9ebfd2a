import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../server/modules/channels/webhook.js';
import { FakeProvider, type Recorded, type Reply } from '../support/fake-provider.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => readFileSync(new URL(`../../server/modules/channels/sms/fixtures/${name}`, import.meta.url), 'utf8').trim();
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+15557654321';
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('MMS photo', 'utf8'), Buffer.alloc(500, 3)]);

let t: TestServer;
let a: TestWorkspace;
let provider: FakeProvider;
let channel: { id: string; publicKey: string };
let answer: (r: Recorded) => Reply;
let sent = 0;

const defaultAnswer = (r: Recorded): Reply => {
  if (r.method === 'POST' && r.path === `/2010-04-01/Accounts/${SID}/Messages.json`) {
    sent++;
    return { status: 201, json: { sid: `SM${String(sent).padStart(32, '0')}`, status: 'queued', to: r.query.get('To'), body: 'x' } };
  }
  if (r.method === 'GET' && r.path.includes('/Media/')) return { body: jpeg, headers: { 'content-type': 'image/jpeg' } };
  return { status: 404, json: { code: 20404, message: 'The requested resource was not found', status: 404 } };
};

/** Posts form parameters to the webhook signed the way Twilio signs them (public URL + path + sorted params). */
const webhook = (form: string, opts: { token?: string | null; tamper?: (p: Record<string, string>) => void } = {}) => {
  const url = `/api/public/channels/sms/${channel.publicKey}/webhook`;
  const params = Object.fromEntries(new URLSearchParams(form));
  const signature = opts.token === null ? undefined : twilioSignature(opts.token ?? TOKEN, `${t.server.ctx.config.publicUrl}${url}`, params);
  if (opts.tamper) opts.tamper(params);
  return t.server.app.inject({
    method: 'POST', url, payload: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
  });
};
const messageCount = async () => (await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).rows[0].n as number;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('SMS');
  answer = defaultAnswer;
  provider = await new FakeProvider((r) => answer(r)).start();
  const queueId = (await a.admin.post('/api/queues', { name: 'SMS queue', channels: ['sms'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'sms', name: 'Support number', address: NUMBER, queueId, settings: { apiBaseUrl: provider.url, accountSid: SID }, credentials: { authToken: TOKEN },
  });
  expect(res.statusCode, res.body).toBe(201);
  channel = res.json().channel;
});
afterAll(async () => {
  await provider?.stop();
  await t?.close();
});

describe('SMS channel', () => {
  it('tells admins the webhook URL exactly as Twilio must call it', async () => {
    const res = await a.admin.get(`/api/channels/${channel.id}/endpoints`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().webhookUrl).toBe(`${t.server.ctx.config.publicUrl}/api/public/channels/sms/${channel.publicKey}/webhook`);
    expect((await a.agent.get(`/api/channels/${channel.id}/endpoints`)).statusCode).toBe(403);
  });
});

describe('SMS inbound (Twilio webhook)', () => {
  it('rejects a missing, wrong or tampered signature and stores nothing', async () => {
    expect((await webhook(fixture('inbound-text.txt'), { token: null })).statusCode).toBe(401);
    expect((await webhook(fixture('inbound-text.txt'), { token: 'another-token-0123456789abcdef' })).statusCode).toBe(401);
    expect((await webhook(fixture('inbound-text.txt'), { tamper: (p) => { p.Body = 'Send me a refund'; } })).statusCode).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  it('turns an SMS into a queued contact of the customer found by phone, and answers empty TwiML', async () => {
    const res = await webhook(fixture('inbound-text.txt'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toContain('<Response></Response>');
    const [i] = (await a.agent.get('/api/interactions?channel=sms')).json().items;
    expect(i).toMatchObject({ status: 'queued', channel: 'sms', channelAccountId: channel.id });
    const customer = (await a.agent.get(`/api/customers/${i.customerId}`)).json().customer;
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'phone', value: '+14155552671' })]));
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs.map((m: { body: string }) => m.body)).toEqual(['Hello, my order has not arrived']);
  });

  it('never stores a retried webhook twice', async () => {
    const again = await Promise.all([1, 2, 3].map(() => webhook(fixture('inbound-text.txt'))));
    expect(again.every((r) => r.statusCode === 200)).toBe(true);
    expect(await messageCount()).toBe(1);
  });

  it('downloads MMS media with the account credentials, byte for byte', async () => {
    const res = await webhook(fixture('inbound-mms.txt'));
    expect(res.statusCode, res.body).toBe(200);
    const [i] = (await a.agent.get('/api/interactions?channel=sms')).json().items;
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs).toHaveLength(2);
    const [file] = msgs[1].attachments;
    expect(file).toMatchObject({ contentType: 'image/jpeg', size: jpeg.length });
    expect(Buffer.compare((await a.agent.get(`/api/attachments/${file.id}`)).rawPayload, jpeg)).toBe(0);
    const get = provider.requests.find((r) => r.method === 'GET' && r.path.includes('/Media/'))!;
    expect(get.path).toBe('/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/MM5a1e9a3d6f2b4c0e8d7f6a5b4c3d2e1f/Media/ME0d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a');
    expect(get.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  });
});

describe('SMS outbound (Twilio Messages API)', () => {
  let interactionId: string;
  beforeAll(async () => {
    interactionId = (await a.agent.get('/api/interactions?channel=sms')).json().items[0].id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
  });
  const message = async (id: string) => (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((x: { id: string }) => x.id === id);

  it('posts To/From/Body/StatusCallback form-encoded with basic auth and records the SID', async () => {
    provider.requests.length = 0;
    const res = await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Hi! Your parcel leaves today.' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    const call = provider.requests.find((r) => r.path === `/2010-04-01/Accounts/${SID}/Messages.json`)!;
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(call.text()))).toEqual({
      To: '+14155552671', From: NUMBER, Body: 'Hi! Your parcel leaves today.',
      StatusCallback: `${t.server.ctx.config.publicUrl}/api/public/channels/sms/${channel.publicKey}/webhook`,
    });
  });

  it('moves the delivery state on signed status callbacks, never backwards', async () => {
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Tracking: 123' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    const sid = `SM${String(sent).padStart(32, '0')}`;
    const delivered = fixture('status-delivered.txt').replaceAll('SM0123456789abcdef0123456789abcdef', sid);
    expect((await webhook(delivered, { token: 'wrong-token-0123456789abcdef' })).statusCode).toBe(401);
    expect((await message(id)).deliveryStatus).toBe('sent');
    expect((await webhook(delivered)).statusCode).toBe(204);
    expect((await message(id)).deliveryStatus).toBe('delivered');
    expect((await webhook(delivered.replaceAll('delivered', 'sent'))).statusCode).toBe(204);
    expect((await message(id)).deliveryStatus).toBe('delivered');
    expect(await messageCount()).toBeGreaterThanOrEqual(4);
  });

  it('marks a message failed on an undelivered callback', async () => {
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Are you there?' })).json().message.id;
    await eventually(async () => ((await message(id)).deliveryStatus === 'sent' ? true : undefined));
    const sid = `SM${String(sent).padStart(32, '0')}`;
    expect((await webhook(fixture('status-undelivered.txt').replaceAll('SM0123456789abcdef0123456789abcdef', sid))).statusCode).toBe(204);
    const m = await message(id);
    expect(m.deliveryStatus).toBe('failed');
    expect(m.deliveryError).toContain('30003');
  });

  it('fails at once when Twilio refuses the number (4xx)', async () => {
    answer = (r) => (r.method === 'POST' ? { status: 400, json: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } } : defaultAnswer(r));
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Hello?' })).json().message.id;
    const m = await eventually(async () => { const x = await message(id); return x.deliveryStatus === 'failed' ? x : undefined; });
    expect(m.deliveryError).toContain('21211');
    answer = defaultAnswer;
  });
});
