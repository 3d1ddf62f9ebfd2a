import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type Recorded, type Reply } from '../support/fake-provider.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../server/modules/channels/telegram/fixtures/${name}`, import.meta.url), 'utf8'));
const TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'tg-secret-0123456789';
const photoBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF photo of the box', 'utf8'), Buffer.alloc(300, 7)]);

let t: TestServer;
let a: TestWorkspace;
let provider: FakeProvider;
let channel: { id: string; publicKey: string };
let queueId: string;
let answer: (r: Recorded) => Reply;

const defaultAnswer = (r: Recorded): Reply => {
  if (r.path === `/bot${TOKEN}/getFile`) return { json: { ok: true, result: { file_id: r.json().file_id, file_path: 'photos/file_7.jpg' } } };
  if (r.path === `/file/bot${TOKEN}/photos/file_7.jpg`) return { body: photoBytes, headers: { 'content-type': 'application/octet-stream' } };
  if (r.path === `/bot${TOKEN}/sendMessage`) return { json: { ok: true, result: { message_id: 500 + provider.requests.length, chat: { id: r.json().chat_id }, text: r.json().text } } };
  return { status: 404, json: { ok: false, error_code: 404, description: 'Not Found' } };
};

const webhook = (body: unknown, secret = SECRET) => t.server.app.inject({
  method: 'POST', url: `/api/public/channels/telegram/${channel.publicKey}/webhook`, payload: body as object,
  headers: secret ? { 'x-telegram-bot-api-secret-token': secret } : {},
});

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Telegram');
  answer = defaultAnswer;
  provider = await new FakeProvider((r) => answer(r)).start();
  queueId = (await a.admin.post('/api/queues', { name: 'Telegram queue', channels: ['telegram'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'telegram', name: 'Shop bot', address: '@shop_bot', queueId, settings: { apiBaseUrl: provider.url },
    credentials: { botToken: TOKEN, webhookSecret: SECRET },
  });
  expect(res.statusCode, res.body).toBe(201);
  channel = res.json().channel;
});
afterAll(async () => {
  await provider?.stop();
  await t?.close();
});

describe('channel accounts', () => {
  it('never sends credentials back, only which ones are set', async () => {
    const list = await a.admin.get('/api/channels');
    expect(list.body).not.toContain(TOKEN);
    expect(list.body).not.toContain(SECRET);
    expect(list.json().items[0]).toMatchObject({ kind: 'telegram', credentialsSet: ['botToken', 'webhookSecret'], queueId });
  });

  it('keeps credentials encrypted at rest', async () => {
    const { rows } = await t.database.pool.query('SELECT credentials FROM channel_accounts WHERE id = $1', [channel.id]);
    expect(rows[0].credentials).toMatch(/^v1\./);
    expect(rows[0].credentials).not.toContain(TOKEN);
  });

  it('refuses bad settings with a clear error', async () => {
    const res = await a.admin.post('/api/channels', { kind: 'telegram', name: 'Bad', credentials: { botToken: 'nope' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('invalid_credentials');
  });

  it('is hidden from another workspace', async () => {
    const b = await t.workspace('Telegram B');
    expect((await b.admin.get(`/api/channels/${channel.id}`)).statusCode).toBe(404);
    expect((await b.admin.get('/api/channels')).json().items).toEqual([]);
  });
});

describe('Telegram inbound', () => {
  it('rejects an update without the right secret token and stores nothing', async () => {
    expect((await webhook(fixture('text-message.json'), 'wrong-secret-0000000')).statusCode).toBe(401);
    expect((await webhook(fixture('text-message.json'), '')).statusCode).toBe(401);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id]);
    expect(rows[0].n).toBe(0);
  });

  it('turns a message into a queued contact of a customer found by their Telegram id', async () => {
    const res = await webhook(fixture('text-message.json'));
    expect(res.statusCode, res.body).toBe(200);
    const list = (await a.agent.get('/api/interactions?channel=telegram')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'queued', queueId, channel: 'telegram', language: 'az', channelAccountId: channel.id });
    const customer = (await a.agent.get(`/api/customers/${list[0].customerId}`)).json().customer;
    expect(customer.name).toBe('Leyla Aliyeva');
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'telegram', value: '1111111' })]));
    const msgs = (await a.agent.get(`/api/interactions/${list[0].id}/messages`)).json().items;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ direction: 'inbound', authorType: 'customer', body: 'Salam, sifarişim hələ gəlməyib' });
    const events = (await a.agent.get(`/api/interactions/${list[0].id}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(events.slice(0, 3)).toEqual(['created', 'queued', 'message_received']);
  });

  it('never stores a retried update twice', async () => {
    const again = await webhook(fixture('text-message.json'));
    expect(again.json()).toMatchObject({ ok: true, duplicate: true });
    const retries = await Promise.all([1, 2, 3].map(() => webhook(fixture('text-message.json'))));
    expect(retries.every((r) => r.statusCode === 200)).toBe(true);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id]);
    expect(rows[0].n).toBe(1);
  });

  it('adds the next message of the chat to the same contact, with its photo byte for byte', async () => {
    const res = await webhook(fixture('photo-message.json'));
    expect(res.statusCode, res.body).toBe(200);
    const [i] = (await a.agent.get('/api/interactions?channel=telegram')).json().items;
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs).toHaveLength(2);
    expect(msgs[1].body).toBe('Qutu belə gəldi');
    const [file] = msgs[1].attachments;
    expect(file).toMatchObject({ fileName: 'photo-1366.jpg', contentType: 'image/jpeg', size: photoBytes.length });
    const download = await a.agent.get(`/api/attachments/${file.id}`);
    expect(Buffer.compare(download.rawPayload, photoBytes)).toBe(0);
    expect(file.sha256).toBe(createHash('sha256').update(photoBytes).digest('hex'));
    expect(provider.requests.find((r) => r.path.endsWith('/getFile'))!.json()).toEqual({ file_id: 'AgADBAADbqcxG-large' });
  });

  it('ignores edits and answers 400 to a body that is not an update', async () => {
    expect((await webhook(fixture('edited-message.json'))).json()).toMatchObject({ ok: true, ignored: true });
    expect((await webhook({ hello: 'world' })).statusCode).toBe(400);
    expect((await t.server.app.inject({ method: 'POST', url: '/api/public/channels/telegram/unknownkey123/webhook', payload: fixture('text-message.json') })).statusCode).toBe(404);
  });
});

describe('Telegram outbound', () => {
  let interactionId: string;
  beforeAll(async () => {
    interactionId = (await a.agent.get('/api/interactions?channel=telegram')).json().items[0].id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
  });

  it('sends the agent\'s reply with sendMessage to the chat and records the provider\'s id', async () => {
    provider.requests.length = 0;
    const res = await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Salam Leyla! Sifarişinizi yoxlayıram.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().message.deliveryStatus).toBe('pending');
    const sent = await eventually(async () => {
      const m = (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((x: { id: string }) => x.id === res.json().message.id);
      return m.deliveryStatus === 'sent' ? m : undefined;
    });
    const call = provider.requests.find((r) => r.path === `/bot${TOKEN}/sendMessage`)!;
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.json()).toEqual({ chat_id: '1111111', text: 'Salam Leyla! Sifarişinizi yoxlayıram.' });
    expect(sent.deliveryError).toBeNull();
  });

  it('retries a send the provider failed for a while', async () => {
    let failures = 0;
    answer = (r) => (r.path.endsWith('/sendMessage') && failures++ < 2 ? { status: 502, json: { ok: false, error_code: 502, description: 'Bad Gateway' } } : defaultAnswer(r));
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Bir dəqiqə' })).json().message.id;
    await eventually(async () => {
      const m = (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((x: { id: string }) => x.id === id);
      return m.deliveryStatus === 'sent' ? m : undefined;
    }, 30_000, 'sent after retries');
    expect(failures).toBeGreaterThanOrEqual(3);
    answer = defaultAnswer;
  }, 40_000);

  it('marks a message failed at once when the customer blocked the bot', async () => {
    answer = (r) => (r.path.endsWith('/sendMessage') ? { status: 403, json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } } : defaultAnswer(r));
    const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Salam?' })).json().message.id;
    const m = await eventually(async () => {
      const x = (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items.find((y: { id: string }) => y.id === id);
      return x.deliveryStatus === 'failed' ? x : undefined;
    });
    expect(m.deliveryError).toContain('blocked');
    answer = defaultAnswer;
  });
});
