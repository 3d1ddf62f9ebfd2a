import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../server/modules/channels/webhook.js';
import { FakeProvider, type Recorded } from '../support/fake-provider.js';
import { SmtpSink } from '../support/mail.js';
import { freePort } from '../support/ports.js';
import { eventually, offered, routingFixture, setState } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

/**
 * CSAT surveys on the contact's own channel: a contact closed resolved queues a survey job; the link goes
 * out through the channel's outbox in the customer's language, subject to the queue's rules.
 */
const emailFixture = readFileSync(new URL('../../server/modules/channels/email/fixtures/arabic-base64.eml', import.meta.url));
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+15557654321';
const CUSTOMER_PHONE = '+14155552671';

let t: TestServer;
let w: TestWorkspace;
let sink: SmtpSink;
let twilio: FakeProvider;
let customerMail: nodemailer.Transporter;
let emailQueue: string, smsQueue: string;
let sms: { id: string; publicKey: string };
let smsSent = 0;

const anonymous = (method: 'GET' | 'POST', url: string, payload?: object) => t.server.app.inject({ method, url, ...(payload ? { payload } : {}) });
const tokenIn = (text: string) => /\/survey\/([0-9a-f-]{36}\.\d+\.[\w-]{43})/.exec(text)?.[1];
const smsSends = () => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
const formOf = (r: Recorded) => new URLSearchParams(r.text());

/** A customer's SMS through the signed Twilio webhook. */
async function inboundSms(body: string, sid: string) {
  const url = `/api/public/channels/sms/${sms.publicKey}/webhook`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: SID, From: CUSTOMER_PHONE, To: NUMBER, Body: body, NumMedia: '0' };
  const res = await t.server.app.inject({
    method: 'POST', url, payload: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, `${t.server.ctx.config.publicUrl}${url}`, params) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return eventually(async () => {
    const items = (await w.agent.get('/api/interactions?channel=sms')).json().items as { id: string; status: string }[];
    return items.find((i) => i.status === 'queued')?.id;
  }, 10_000, 'the SMS contact');
}

/** The agent takes the contact and closes it resolved. */
async function resolve(id: string) {
  expect((await w.agent.post(`/api/interactions/${id}/assign`, { agentId: w.agent.userId })).statusCode).toBe(200);
  const r = await w.agent.post(`/api/interactions/${id}/close`, { resolved: true, reason: 'delivery' });
  expect(r.statusCode, r.body).toBe(200);
}

/** Waits until the contact's survey job ran (whatever it decided). */
async function surveyJobDone(interactionId: string) {
  await eventually(async () => {
    const { rows } = await t.database.pool.query(`SELECT state FROM pgboss.job WHERE name = 'survey-send' AND singleton_key = $1`, [interactionId]);
    return rows[0]?.state === 'completed';
  }, 15_000, 'the survey job');
}

const surveysOf = async (interactionId: string) =>
  (await t.database.pool.query('SELECT channel, language, answered_at, score FROM survey_requests WHERE interaction_id = $1', [interactionId])).rows;

beforeAll(async () => {
  sink = await new SmtpSink().start();
  const smtpPort = await freePort();
  t = await createTestServer({ env: { SMTP_PORT: String(smtpPort) } });
  w = await t.workspace('Survey channels');
  twilio = await new FakeProvider((r) => {
    if (r.method === 'POST' && r.path === `/2010-04-01/Accounts/${SID}/Messages.json`) {
      smsSent++;
      return { status: 201, json: { sid: `SM${String(smsSent).padStart(32, '0')}`, status: 'queued' } };
    }
    return { status: 404, json: { code: 20404, message: 'not found' } };
  }).start();
  emailQueue = (await w.admin.post('/api/queues', { name: 'Email', channels: ['email'] })).json().queue.id;
  smsQueue = (await w.admin.post('/api/queues', { name: 'SMS', channels: ['sms'] })).json().queue.id;
  const mailbox = await w.admin.post('/api/channels', {
    kind: 'email', name: 'Acme Support', address: 'support@acme.test', queueId: emailQueue,
    settings: { deliveryMode: 'smtp', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecure: false, tlsVerify: false },
  });
  expect(mailbox.statusCode, mailbox.body).toBe(201);
  const number = await w.admin.post('/api/channels', {
    kind: 'sms', name: 'Support number', address: NUMBER, queueId: smsQueue, settings: { apiBaseUrl: twilio.url, accountSid: SID }, credentials: { authToken: TOKEN },
  });
  expect(number.statusCode, number.body).toBe(201);
  sms = number.json().channel;
  customerMail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  customerMail?.close();
  await t?.close();
  await twilio?.stop();
  await sink?.stop();
});

describe('CSAT survey by email', () => {
  let interactionId: string;
  let token: string;

  it('emails the link in the customer’s language, in the thread, after the contact is resolved', async () => {
    await customerMail.sendMail({ envelope: { from: 'sara.haddad@example.net', to: ['support@acme.test'] }, raw: emailFixture });
    interactionId = await eventually(async () => (await w.agent.get('/api/interactions?channel=email')).json().items[0]?.id as string | undefined, 15_000, 'the email contact');
    expect((await w.agent.get(`/api/interactions/${interactionId}`)).json().interaction.language).toBe('ar');
    await resolve(interactionId);
    const mail = await sink.waitFor((m) => m.rcptTo.includes('sara.haddad@example.net') && !!tokenIn(m.parsed.text ?? ''));
    expect(mail.parsed.subject).toBe('كيف كانت خدمتنا؟');
    expect(mail.parsed.text).toContain('قيّم تواصلك معنا');
    expect(mail.parsed.inReplyTo).toBe('<CAF1-arabic-0001@mail.example.net>');
    token = tokenIn(mail.parsed.text!)!;
    expect(token.startsWith(interactionId)).toBe(true);
    // The contact's history shows what was sent, by the system, delivered.
    const sent = await eventually(async () => {
      const msgs = (await w.agent.get(`/api/interactions/${interactionId}/messages`)).json().items as { authorType: string; body: string; deliveryStatus: string }[];
      return msgs.find((m) => m.authorType === 'system' && m.deliveryStatus === 'sent');
    }, 10_000, 'the survey message marked sent');
    expect(sent.body).toContain(token);
    expect(await surveysOf(interactionId)).toEqual([expect.objectContaining({ channel: 'email', language: 'ar', answered_at: null })]);
  });

  it('the customer answers from the link; reports carry it per agent and per queue', async () => {
    expect((await anonymous('GET', `/api/public/surveys/${token}`)).json()).toMatchObject({ language: 'ar', channel: 'email', answered: false });
    expect((await anonymous('POST', `/api/public/surveys/${token}`, { score: 5, comment: 'شكراً' })).statusCode).toBe(204);
    const today = new Date().toISOString().slice(0, 10);
    const byAgent = await eventually(async () => {
      const items = (await w.supervisor.get(`/api/metrics/series?from=${today}&to=${today}&interval=day&by=agent`)).json().items as { key: string; ratings: number }[];
      return items.find((r) => r.key === w.agent.userId && r.ratings === 1);
    }, 10_000, 'the rating in the agent report');
    expect(byAgent).toMatchObject({ ratings: 1, csat: 100, csatMean: 5 });
    const byQueue = (await w.supervisor.get(`/api/metrics/series?from=${today}&to=${today}&interval=day&by=queue`)).json().items;
    expect(byQueue.find((r: { key: string }) => r.key === emailQueue)).toMatchObject({ ratings: 1, csat: 100, csatMean: 5 });
  });
});

describe('CSAT survey by SMS and the queue’s rules', () => {
  it('texts the link through the provider when an SMS contact is resolved', async () => {
    const id = await inboundSms('Hello, my order has not arrived', 'SM00000000000000000000000000000001');
    await resolve(id);
    const send = await eventually(async () => smsSends().find((r) => !!tokenIn(formOf(r).get('Body') ?? '')), 15_000, 'the survey SMS');
    const form = formOf(send);
    expect(form.get('To')).toBe(CUSTOMER_PHONE);
    expect(form.get('From')).toBe(NUMBER);
    expect(form.get('Body')).toMatch(/^How did we do\? Rate your contact with us from 1 to 5: http.*\/survey\//);
    expect(tokenIn(form.get('Body')!)!.startsWith(id)).toBe(true);
    expect(await surveysOf(id)).toEqual([expect.objectContaining({ channel: 'sms', language: 'en' })]);
  });

  it('does not ask the same customer again within N days', async () => {
    const before = smsSends().length;
    const id = await inboundSms('One more question', 'SM00000000000000000000000000000002');
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toEqual([]);
    expect(smsSends().length).toBe(before);
  });

  it('follows the rules admins set: N = 0 asks again, off or another channel list does not', async () => {
    const rules = { enabled: true, minDaysBetween: 0, linkDays: 3, channels: ['sms', 'email'] };
    const set = await w.admin.put(`/api/surveys/rules/${smsQueue}`, rules);
    expect(set.statusCode, set.body).toBe(200);
    let id = await inboundSms('Third question', 'SM00000000000000000000000000000003');
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toHaveLength(1);
    await eventually(async () => smsSends().find((r) => tokenIn(formOf(r).get('Body') ?? '')?.startsWith(id)), 15_000, 'the second survey SMS');

    expect((await w.admin.put(`/api/surveys/rules/${smsQueue}`, { ...rules, channels: ['email'] })).statusCode).toBe(200);
    id = await inboundSms('Fourth question', 'SM00000000000000000000000000000004');
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toEqual([]);

    expect((await w.admin.put(`/api/surveys/rules/${smsQueue}`, { ...rules, enabled: false })).statusCode).toBe(200);
    id = await inboundSms('Fifth question', 'SM00000000000000000000000000000005');
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toEqual([]);
  });

  it('an unresolved contact is never asked', async () => {
    expect((await w.admin.put(`/api/surveys/rules/${smsQueue}`, { enabled: true, minDaysBetween: 0, linkDays: 7, channels: ['sms'] })).statusCode).toBe(200);
    const before = smsSends().length;
    const id = await inboundSms('Sixth question', 'SM00000000000000000000000000000006');
    expect((await w.agent.post(`/api/interactions/${id}/assign`, { agentId: w.agent.userId })).statusCode).toBe(200);
    expect((await w.agent.post(`/api/interactions/${id}/close`, { resolved: false })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await surveysOf(id)).toEqual([]);
    expect(smsSends().length).toBe(before);
  });
});

describe('CSAT survey on WhatsApp', () => {
  const PHONE_ID = '106540352242922';
  const APP_SECRET = 'whatsapp-app-secret-0123456789';
  const waFixture = readFileSync(new URL('../../server/modules/channels/whatsapp/fixtures/text-message.json', import.meta.url), 'utf8');
  const templates = [
    { name: 'csat_survey', language: 'ar', params: 1, text: 'قيّم خدمتنا: {{1}}' },
    { name: 'csat_survey', language: 'en_US', params: 1, text: 'Please rate us: {{1}}' },
    { name: 'order_update', language: 'en_US', params: 1, text: 'News about your order {{1}}' },
  ];
  let meta: FakeProvider;
  let account: { id: string; publicKey: string };
  let waQueue: string;
  let wamid = 0;
  const posts = () => meta.requests.filter((r) => r.method === 'POST' && r.path === `/v21.0/${PHONE_ID}/messages`).map((r) => r.json());

  /** A customer's WhatsApp message (signed like Meta signs it); answers the contact it opened. */
  async function inbound(id: string) {
    const body = waFixture.replace('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', id);
    const res = await t.server.app.inject({
      method: 'POST', url: `/api/public/channels/whatsapp/${account.publicKey}/webhook`, payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return eventually(async () => {
      const items = (await w.agent.get('/api/interactions?channel=whatsapp')).json().items as { id: string; status: string }[];
      return items.find((i) => i.status === 'queued')?.id;
    }, 10_000, 'the WhatsApp contact');
  }
  /** Moves the customer's messages on this WhatsApp conversation back by 25 hours: the 24-hour window has closed. */
  const closeWindow = () => t.database.pool.query(`
    UPDATE messages m SET created_at = m.created_at - interval '25 hours' FROM interactions i
    WHERE i.id = m.interaction_id AND i.channel_account_id = $1 AND m.direction = 'inbound' AND m.created_at > now() - interval '24 hours'`, [account.id]);

  beforeAll(async () => {
    meta = await new FakeProvider((r) => {
      if (r.method === 'POST' && r.path === `/v21.0/${PHONE_ID}/messages`) return { json: { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++wamid}` }] } };
      return { status: 404, json: { error: { message: 'Unknown path', code: 100 } } };
    }).start();
    waQueue = (await w.admin.post('/api/queues', { name: 'WhatsApp', channels: ['whatsapp'], settings: { csat: { enabled: true, minDaysBetween: 0, linkDays: 7 } } })).json().queue.id;
    const res = await w.admin.post('/api/channels', {
      kind: 'whatsapp', name: 'Shop WhatsApp', address: '+15550783881', queueId: waQueue,
      settings: { apiBaseUrl: meta.url, phoneNumberId: PHONE_ID, templates, surveyTemplate: 'csat_survey' },
      credentials: { accessToken: 'EAAGm0PX4ZCpsBAKzZAwhatsapp-token-000', appSecret: APP_SECRET, verifyToken: 'verify-me-please' },
    });
    expect(res.statusCode, res.body).toBe(201);
    account = res.json().channel;
  });
  afterAll(async () => meta?.stop());

  it('sends the link as a text while the 24-hour window is open', async () => {
    const id = await inbound('wamid.SURVEY1');
    await resolve(id);
    const sent = await eventually(async () => posts().find((p) => p.type === 'text' && tokenIn(p.text.body)?.startsWith(id)), 15_000, 'the survey text');
    expect(sent).toMatchObject({ to: '16505551234', text: { body: expect.stringMatching(/^How did we do\?/) } });
  });

  it('after the window, sends the approved survey template with the link in the customer’s language', async () => {
    const id = await inbound('wamid.SURVEY2');
    await closeWindow();
    await resolve(id);
    const sent = await eventually(async () => posts().find((p) => p.type === 'template' && tokenIn(p.template.components?.[0]?.parameters?.[0]?.text ?? '')?.startsWith(id)), 15_000, 'the survey template');
    expect(sent.template).toMatchObject({ name: 'csat_survey', language: { code: 'en_US' } });
    expect(await surveysOf(id)).toEqual([expect.objectContaining({ channel: 'whatsapp' })]);
  });

  it('after the window, without a survey template, does not ask (and does not count it as asked)', async () => {
    const patch = await w.admin.patch(`/api/channels/${account.id}`, { settings: { surveyTemplate: null } });
    expect(patch.statusCode, patch.body).toBe(200);
    const before = posts().length;
    const id = await inbound('wamid.SURVEY3');
    await closeWindow();
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toEqual([]);
    expect(posts().length).toBe(before);
  });
});

describe('CSAT survey on Messenger', () => {
  const PAGE = '1234567890123456';
  const APP_SECRET = 'messenger-app-secret-0123456789';
  const fbFixture = readFileSync(new URL('../../server/modules/channels/messenger/fixtures/text-message.json', import.meta.url), 'utf8');
  let meta: FakeProvider;
  let page: { id: string; publicKey: string };
  const posts = () => meta.requests.filter((r) => r.method === 'POST' && r.path === '/v21.0/me/messages').map((r) => r.json());

  async function inbound(mid: string) {
    const body = fbFixture.replace(/"mid": "[^"]+"/, `"mid": "${mid}"`);
    const res = await t.server.app.inject({
      method: 'POST', url: `/api/public/channels/messenger/${page.publicKey}/webhook`, payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return eventually(async () => {
      const items = (await w.agent.get('/api/interactions?channel=messenger')).json().items as { id: string; status: string }[];
      return items.find((i) => i.status === 'queued')?.id;
    }, 10_000, 'the Messenger contact');
  }

  beforeAll(async () => {
    let mid = 0;
    meta = await new FakeProvider((r) => (r.method === 'POST' && r.path === '/v21.0/me/messages'
      ? { json: { recipient_id: '6789012345678901', message_id: `m_out-${++mid}` } }
      : { status: 404, json: { error: { message: 'Unknown path', code: 100 } } })).start();
    const queueId = (await w.admin.post('/api/queues', { name: 'Messenger', channels: ['messenger'], settings: { csat: { enabled: true, minDaysBetween: 0, linkDays: 7 } } })).json().queue.id;
    const res = await w.admin.post('/api/channels', {
      kind: 'messenger', name: 'Shop page', address: PAGE, queueId, settings: { apiBaseUrl: meta.url, pageId: PAGE },
      credentials: { pageAccessToken: 'EAAPageAccessToken-messenger-0001', appSecret: APP_SECRET, verifyToken: 'verify-messenger' },
    });
    expect(res.statusCode, res.body).toBe(201);
    page = res.json().channel;
  });
  afterAll(async () => meta?.stop());

  it('sends the link within 24 hours of the customer’s last message, and does not ask after that', async () => {
    let id = await inbound('m_survey-1');
    await resolve(id);
    const sent = await eventually(async () => posts().find((p) => tokenIn(p.message?.text ?? '')?.startsWith(id)), 15_000, 'the survey message');
    expect(sent.recipient).toEqual({ id: '6789012345678901' });

    const before = posts().length;
    id = await inbound('m_survey-2');
    await t.database.pool.query(`
      UPDATE messages m SET created_at = m.created_at - interval '25 hours' FROM interactions i
      WHERE i.id = m.interaction_id AND i.channel_account_id = $1 AND m.direction = 'inbound'`, [page.id]);
    await resolve(id);
    await surveyJobDone(id);
    expect(await surveysOf(id)).toEqual([]);
    expect(posts().length).toBe(before);
  });
});

describe('CSAT in the chat widget', () => {
  type Res = { statusCode: number; body: string; json(): any };
  const visitor = (method: 'GET' | 'POST', url: string, body?: unknown, token?: string) => t.server.app.inject({
    method, url, remoteAddress: '10.9.0.1', headers: token ? { 'x-chat-token': token } : {}, ...(body === undefined ? {} : { payload: body as object }),
  }) as unknown as Promise<Res>;
  let fixture: Awaited<ReturnType<typeof routingFixture>>;
  let token: string;
  let n = 0;

  /** The visitor writes; the agent who gets the offer takes the chat and closes it resolved. */
  async function resolvedChat(text: string) {
    const r = await visitor('POST', '/api/public/chat/messages', { text, clientId: `survey-chat-${++n}` }, token);
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().conversation.id as string;
    const { agent, offer } = await offered(fixture.agents, id, 15_000);
    expect((await agent.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    expect((await agent.post(`/api/interactions/${id}/close`, { resolved: true })).statusCode).toBe(200);
    return id;
  }
  const askRating = async () => (await visitor('GET', '/api/public/chat/conversation', undefined, token)).json().conversation.askRating as boolean;

  beforeAll(async () => {
    fixture = await routingFixture(w, { agents: 1, channels: ['chat'], settings: { afterContactWorkSeconds: 0 } });
    expect((await w.admin.patch(`/api/users/${fixture.agents[0]!.userId}`, { languages: ['en'] })).statusCode).toBe(200);
    const res = await w.admin.post('/api/channels', { kind: 'chat', name: 'Shop website', address: 'shop.example', queueId: fixture.queueId, settings: { greeting: { en: 'Hi!' } } });
    expect(res.statusCode, res.body).toBe(201);
    await setState(fixture.agents[0]!, 'available');
    const start = await visitor('POST', `/api/public/chat/${res.json().channel.publicKey}/start`, { name: 'Chat visitor', language: 'en' });
    expect(start.statusCode, start.body).toBe(201);
    token = start.json().token;
  });

  it('asks at the end of a resolved chat, and not again within the queue’s N days', async () => {
    const first = await resolvedChat('Where is my parcel?');
    expect(await askRating()).toBe(true);
    await surveyJobDone(first);
    expect(await surveysOf(first)).toEqual([expect.objectContaining({ channel: 'chat', language: 'en' })]);
    expect(await askRating()).toBe(true); // still this chat's prompt
    expect((await visitor('POST', '/api/public/chat/rating', { score: 4 }, token)).statusCode).toBe(200);
    expect(await askRating()).toBe(false); // rated

    const second = await resolvedChat('One more thing');
    await surveyJobDone(second);
    expect(await askRating()).toBe(false);
    expect(await surveysOf(second)).toEqual([]);
    // The admin lets the queue ask after every resolved contact: the widget asks again.
    expect((await w.admin.put(`/api/surveys/rules/${fixture.queueId}`, { enabled: true, minDaysBetween: 0, linkDays: 7, channels: ['chat'] })).statusCode).toBe(200);
    expect(await askRating()).toBe(true);
    expect((await w.admin.put(`/api/surveys/rules/${fixture.queueId}`, { enabled: true, minDaysBetween: 0, linkDays: 7, channels: ['email'] })).statusCode).toBe(200);
    expect(await askRating()).toBe(false);
  });
});

describe('survey rules API', () => {
  it('lists every queue’s rules for managers; only admins change them; bad input is a 4xx', async () => {
    const list = await w.supervisor.get('/api/surveys/rules');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.find((r: { queueId: string }) => r.queueId === emailQueue))
      .toMatchObject({ queueName: 'Email', enabled: true, minDaysBetween: 7, linkDays: 7, channels: ['chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger'] });
    expect((await w.agent.get('/api/surveys/rules')).statusCode).toBe(403);
    const body = { enabled: true, minDaysBetween: 30, linkDays: 14, channels: ['email', 'email', 'whatsapp'] };
    expect((await w.supervisor.put(`/api/surveys/rules/${emailQueue}`, body)).statusCode).toBe(403);
    const ok = await w.admin.put(`/api/surveys/rules/${emailQueue}`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().rules).toMatchObject({ queueId: emailQueue, minDaysBetween: 30, linkDays: 14, channels: ['email', 'whatsapp'] });
    // The queue keeps its routing settings and shows the rules in its settings.
    expect((await w.admin.get(`/api/queues/${emailQueue}`)).json().queue.settings.csat).toMatchObject({ minDaysBetween: 30, channels: ['email', 'whatsapp'] });
    for (const bad of [{ ...body, minDaysBetween: -1 }, { ...body, channels: ['voice'] }, { ...body, linkDays: 0 }, { enabled: 'yes' }]) {
      const r = await w.admin.put(`/api/surveys/rules/${emailQueue}`, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json().error.code).toBeTruthy();
    }
    expect((await w.admin.put('/api/surveys/rules/3f1c2a9e-1b2c-4d5e-8f90-123456789abc', body)).statusCode).toBe(404);
    const other = await t.workspace('Other rules');
    expect((await other.admin.put(`/api/surveys/rules/${emailQueue}`, body)).statusCode).toBe(404);
    expect((await other.admin.get('/api/surveys/rules')).json().items).toEqual([]);
    const audit = (await w.admin.get('/api/audit?limit=50')).json().items as { action: string; targetId: string }[];
    expect(audit.some((e) => e.action === 'queue.survey_rules_updated' && e.targetId === emailQueue)).toBe(true);
  });
});
