import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSink } from '../support/mail.js';
import { freePort } from '../support/ports.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => readFileSync(new URL(`../../server/modules/channels/email/fixtures/${name}`, import.meta.url));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestServer;
let a: TestWorkspace;
let sink: SmtpSink;
let smtpPort: number;
let queueId: string;
let mailbox: { id: string };
let customerMail: nodemailer.Transporter;

type Msg = { id: string; direction: string; body: string; html: string | null; meta: Record<string, any>; deliveryStatus: string | null; deliveryError: string | null; attachments: any[] };

const count = async (sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params)).rows[0].n as number;
const externalIdOf = async (messageId: string) => (await t.database.pool.query('SELECT external_id FROM messages WHERE id = $1', [messageId])).rows[0].external_id as string | null;
const messagesOf = async (c: Client, id: string): Promise<Msg[]> => (await c.get(`/api/interactions/${id}/messages`)).json().items;
const emailContacts = async () => (await a.agent.get('/api/interactions?channel=email')).json().items as { id: string; customerId: string; subject: string; caseId: string | null; channelAccountId: string; status: string; language: string | null }[];

/** Sends raw bytes (a fixture) to Tawasul's SMTP port as an MTA would. */
const sendRaw = (raw: Buffer | string, to = 'support@acme.test', from = 'sender@example.net') =>
  customerMail.sendMail({ envelope: { from, to: [to] }, raw });

async function delivered(interactionId: string, messageId: string, status = 'sent') {
  return eventually(async () => {
    const m = (await messagesOf(a.agent, interactionId)).find((x) => x.id === messageId)!;
    return m.deliveryStatus === status ? m : undefined;
  }, 20_000, `message ${status}`);
}

beforeAll(async () => {
  sink = await new SmtpSink().start();
  smtpPort = await freePort();
  t = await createTestServer({ env: { SMTP_PORT: String(smtpPort), SMTP_MAX_MB: '1' } });
  a = await t.workspace('Email');
  queueId = (await a.admin.post('/api/queues', { name: 'Email queue', channels: ['email'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', {
    kind: 'email', name: 'Acme Support', address: 'support@acme.test', queueId,
    settings: { deliveryMode: 'smtp', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecure: false, smtpUser: 'tawasul', tlsVerify: false },
    credentials: { smtpPassword: 'relay-pass' },
  });
  expect(res.statusCode, res.body).toBe(201);
  mailbox = res.json().channel;
  customerMail = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  customerMail?.close();
  await t?.close();
  await sink?.stop();
});

describe('mailbox settings', () => {
  it('validates settings and keeps passwords out of every answer', async () => {
    const bad = await a.admin.post('/api/channels', { kind: 'email', name: 'X', address: 'x@acme.test', settings: { deliveryMode: 'smtp' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('invalid_settings');
    const view = (await a.admin.get(`/api/channels/${mailbox.id}`)).body;
    expect(view).not.toContain('relay-pass');
    expect(JSON.parse(view).channel).toMatchObject({ credentialsSet: ['smtpPassword'], settings: { smtpPort: sink.port, imapEnabled: false, autoAck: false } });
  });
});

describe('SMTP intake', () => {
  let interactionId: string;

  it('turns an Arabic email (encoded-word subject, base64 body, attachment) into a queued contact', async () => {
    await sendRaw(fixture('arabic-base64.eml'), 'Support@Acme.test', 'sara.haddad@example.net');
    const [i] = await eventually(async () => ((await emailContacts()).length ? emailContacts() : undefined));
    interactionId = i!.id;
    expect(i).toMatchObject({ status: 'queued', subject: 'طلبي لم يصل بعد', channelAccountId: mailbox.id, language: 'ar' });
    const customer = (await a.agent.get(`/api/customers/${i!.customerId}`)).json().customer;
    expect(customer.name).toBe('سارة حداد');
    expect(customer.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'email', value: 'sara.haddad@example.net' })]));
    const [m] = await messagesOf(a.agent, interactionId);
    expect(m!.body).toContain('طلبت هاتفاً قبل أسبوعين ولم يصل بعد');
    expect(await externalIdOf(m!.id)).toBe('<CAF1-arabic-0001@mail.example.net>');
    expect(m!.meta).toMatchObject({ from: 'sara.haddad@example.net', cc: ['brother@example.net'], subject: 'طلبي لم يصل بعد' });
    const [file] = m!.attachments;
    expect(file).toMatchObject({ fileName: 'فاتورة.pdf', contentType: 'application/pdf' });
    const download = await a.agent.get(`/api/attachments/${file.id}`);
    expect(sha(download.rawPayload)).toBe(sha(fixture('arabic-base64.pdf')));
    expect(file.sha256).toBe(sha(fixture('arabic-base64.pdf')));
  });

  it('never stores the same message twice', async () => {
    await sendRaw(fixture('arabic-base64.eml'));
    await sendRaw(fixture('arabic-base64.eml'));
    expect(await count('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).toBe(1);
  });

  it('takes a quoted-printable Arabic message from a mail program and keeps it in its own thread', async () => {
    const text = 'مرحباً، أريد إرجاع الحذاء. المقاس غير مناسب.';
    const info = await customerMail.sendMail({
      from: { name: 'Omar Khalil', address: 'omar@example.org' }, to: 'support@acme.test', subject: 'إرجاع منتج', text, textEncoding: 'quoted-printable',
      html: `<p dir="rtl">${text}</p><img src="https://tracker.example/p.gif"><script>alert(1)</script>`,
    });
    const i = await eventually(async () => (await emailContacts()).find((x) => x.subject === 'إرجاع منتج'));
    const [m] = await messagesOf(a.agent, i.id);
    expect(await externalIdOf(m!.id)).toBe(info.messageId);
    expect(m!.body).toBe(text);
    expect(m!.html).toContain(text);
    expect(m!.html).not.toMatch(/<script|\ssrc="https/);
    expect(m!.html).toContain('data-remote-src="https://tracker.example/p.gif"');
  });

  it('refuses relaying and unknown mailboxes with 550, and stores nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id]);
    const relay = await customerMail.sendMail({ from: 'spammer@example.net', to: 'victim@elsewhere.example', subject: 'x', text: 'x' }).catch((e) => e);
    expect(relay.responseCode).toBe(550);
    expect(relay.response).toContain('Relaying denied');
    const unknown = await customerMail.sendMail({ from: 'sara.haddad@example.net', to: 'sales@acme.test', subject: 'x', text: 'x' }).catch((e) => e);
    expect(unknown.responseCode).toBe(550);
    expect(unknown.response).toContain('No such mailbox');
    expect(await count('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).toBe(before);
  });

  it('refuses a message above the size limit', async () => {
    const big = await customerMail.sendMail({ from: 'sara.haddad@example.net', to: 'support@acme.test', subject: 'big', text: 'x'.repeat(1_300_000) }).catch((e) => e);
    expect(big.responseCode).toBe(552);
  });

  it('threads a message that carries a case tag in its subject onto that case', async () => {
    const { rows } = await t.database.pool.query('SELECT customer_id FROM interactions WHERE id = $1', [interactionId]);
    const c = (await a.agent.post('/api/cases', { customerId: rows[0].customer_id, type: 'complaint', subject: 'Late phone' })).json().case;
    await customerMail.sendMail({ from: 'sara.haddad@example.net', to: 'support@acme.test', subject: `Another question [#${c.number}]`, text: 'New thread, old case' });
    const i = await eventually(async () => (await emailContacts()).find((x) => x.subject === `Another question [#${c.number}]`));
    expect(i.caseId).toBe(c.id);
  });
});

describe('replies, threading, bounces and auto-replies', () => {
  let interactionId: string;
  let reply: { id: string; externalId: string };

  beforeAll(async () => {
    interactionId = (await emailContacts()).find((x) => x.subject === 'طلبي لم يصل بعد')!.id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
  });

  it('sends the agent\'s reply threaded, quoted, with Cc and an attachment, through the mailbox\'s relay', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 9)]);
    const boundary = '----tawasulmail';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="label.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await a.agent.request('POST', `/api/interactions/${interactionId}/attachments`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(up.statusCode, up.body).toBe(201);
    const res = await a.agent.post(`/api/interactions/${interactionId}/messages`, {
      body: 'مرحباً سارة، شحنتك في الطريق وستصل غداً.', cc: ['brother@example.net'], attachmentIds: [up.json().attachment.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = await delivered(interactionId, res.json().message.id);
    const externalId = (await externalIdOf(sent.id))!;
    const mail = await sink.waitFor((m) => m.parsed.messageId === externalId);
    reply = { id: sent.id, externalId };
    expect(externalId).toMatch(/^<[0-9a-f-]{36}@acme\.test>$/);
    expect(mail.mailFrom).toBe('support@acme.test');
    expect(mail.rcptTo.sort()).toEqual(['brother@example.net', 'sara.haddad@example.net']);
    expect(mail.parsed.from!.value[0]).toEqual({ address: 'support@acme.test', name: 'Acme Support' });
    expect(mail.parsed.subject).toBe('Re: طلبي لم يصل بعد');
    expect(mail.parsed.inReplyTo).toBe('<CAF1-arabic-0001@mail.example.net>');
    expect(mail.parsed.references).toBe('<CAF1-arabic-0001@mail.example.net>');
    expect(mail.parsed.text).toContain('مرحباً سارة، شحنتك في الطريق وستصل غداً.');
    expect(mail.parsed.text).toMatch(/wrote:\n> مرحباً،\n> طلبت هاتفاً/);
    expect(mail.parsed.html).toContain('<blockquote');
    expect(mail.parsed.attachments.map((x) => [x.filename, sha(x.content)])).toEqual([['label.pdf', sha(pdf)]]);
  });

  it('threads the customer\'s answer to our reply back into the same contact', async () => {
    await customerMail.sendMail({
      from: 'Sara Haddad <sara.haddad@example.net>', to: 'support@acme.test', subject: 'Re: Re: طلبي لم يصل بعد', text: 'شكراً جزيلاً!',
      inReplyTo: reply.externalId, references: ['<CAF1-arabic-0001@mail.example.net>', reply.externalId],
    });
    const contacts = (await emailContacts()).length;
    const m = await eventually(async () => (await messagesOf(a.agent, interactionId)).find((x) => x.body === 'شكراً جزيلاً!'));
    expect(m.meta.inReplyTo).toEqual([reply.externalId]);
    expect((await emailContacts()).length).toBe(contacts);
  });

  it('stores an out-of-office answer to our reply as an automatic message and never answers it', async () => {
    const sinkBefore = sink.messages.length;
    const raw = fixture('out-of-office.eml').toString().replace('<reply-1@acme.test>', reply.externalId);
    await sendRaw(raw, 'support@acme.test', '');
    const auto = await eventually(async () => (await messagesOf(a.agent, interactionId)).find((m) => m.meta.messageId === '<ooo-0001@mail.example.net>'));
    expect(auto.meta).toMatchObject({ autoReply: true, autoSubmitted: 'auto-submitted' });
    // An auto-reply that answers nothing we know opens no contact.
    const contacts = (await emailContacts()).length;
    await customerMail.sendMail({ from: 'robot@example.net', to: 'support@acme.test', subject: 'Out of office', text: 'Away', headers: { 'Auto-Submitted': 'auto-replied' } });
    await customerMail.sendMail({ from: 'news@example.net', to: 'support@acme.test', subject: 'Newsletter', text: 'Sale!', headers: { Precedence: 'bulk' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await emailContacts()).length).toBe(contacts);
    expect(await count("SELECT count(*)::int AS n FROM customer_identities WHERE workspace_id = $1 AND value IN ('robot@example.net', 'news@example.net')", [a.id])).toBe(0);
    expect(sink.messages.length).toBe(sinkBefore);
  });

  it('marks our reply failed when its bounce arrives, and opens no contact for the mailer daemon', async () => {
    const contacts = (await emailContacts()).length;
    const raw = fixture('bounce-dsn.eml').toString().replace('<reply-1@acme.test>', reply.externalId);
    await sendRaw(raw, 'support@acme.test', '');
    const failed = await delivered(interactionId, reply.id, 'failed');
    expect(failed.deliveryError).toContain('Bounced: 550 5.1.1 <nobody@example.net>: Recipient address rejected');
    expect((await emailContacts()).length).toBe(contacts);
    expect(await count("SELECT count(*)::int AS n FROM customer_identities WHERE workspace_id = $1 AND value ILIKE 'mailer-daemon%'", [a.id])).toBe(0);
  });

  it('marks a reply failed at once when the relay refuses the recipient for good', async () => {
    sink.refuse = (rcpt) => (rcpt === 'sara.haddad@example.net' ? { code: 550, message: '5.1.1 Mailbox unavailable' } : undefined);
    try {
      const id = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'Are you there?' })).json().message.id;
      const m = await delivered(interactionId, id, 'failed');
      expect(m.deliveryError).toContain('SMTP 550');
    } finally {
      sink.refuse = undefined;
    }
  });
});

describe('automatic acknowledgement', () => {
  let ackBox: { id: string };

  beforeAll(async () => {
    const res = await a.admin.post('/api/channels', {
      kind: 'email', name: 'Acme Returns', address: 'returns@acme.test', queueId,
      settings: { deliveryMode: 'smtp', smtpHost: '127.0.0.1', smtpPort: sink.port, tlsVerify: false, autoAck: true, ackTemplateEn: 'Hello {name}, your case is #{caseNumber} ({subject}).' },
    });
    expect(res.statusCode, res.body).toBe(201);
    ackBox = res.json().channel;
  });

  it('acknowledges a person\'s new email once, in their language, with a new case number and loop-safe headers', async () => {
    const info = await customerMail.sendMail({ from: 'Leyla Əliyeva <leyla@example.az>', to: 'returns@acme.test', subject: 'Ayaqqabı qaytarmaq', text: 'Salam, ayaqqabını qaytarmaq istəyirəm, ölçü uyğun gəlmədi.' });
    const ack = await sink.waitFor((m) => m.parsed.inReplyTo === info.messageId);
    const i = (await emailContacts()).find((x) => x.channelAccountId === ackBox.id)!;
    expect(i.caseId).not.toBeNull();
    const c = (await a.agent.get(`/api/cases/${i.caseId}`)).json().case;
    expect(c).toMatchObject({ type: 'inquiry', subject: 'Ayaqqabı qaytarmaq' });
    expect(c.interactions.map((x: { id: string }) => x.id)).toContain(i.id);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.subject).toBe(`Re: Ayaqqabı qaytarmaq [#${c.number}]`);
    expect(ack.parsed.references).toBe(info.messageId);
    expect(ack.parsed.text).toContain(`#${c.number} nömrəsi ilə qeydə aldıq`);
    expect(ack.parsed.text).toContain('Hörmətli Leyla Əliyeva');
    expect(ack.rcptTo).toEqual(['leyla@example.az']);
    // The customer's next email in the thread is not acknowledged again.
    await customerMail.sendMail({ from: 'leyla@example.az', to: 'returns@acme.test', subject: `Re: Ayaqqabı qaytarmaq [#${c.number}]`, text: 'Şəkil əlavə edirəm', inReplyTo: ack.parsed.messageId, references: [info.messageId, ack.parsed.messageId!] });
    await eventually(async () => (await messagesOf(a.agent, i.id)).length === 2 || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.messages.filter((m) => m.rcptTo.includes('leyla@example.az'))).toHaveLength(1);
  });

  it('uses the mailbox\'s own template in English and never acknowledges an automatic message', async () => {
    const info = await customerMail.sendMail({ from: 'John Smith <john@example.com>', to: 'returns@acme.test', subject: 'Return shoes', text: 'Hello, I want to return my shoes.' });
    const ack = await sink.waitFor((m) => m.parsed.inReplyTo === info.messageId);
    expect(ack.parsed.text).toMatch(/^Hello John Smith, your case is #\d+ \(Return shoes\)\./);
    await customerMail.sendMail({ from: 'bot@example.com', to: 'returns@acme.test', subject: 'Auto: Return shoes', text: 'I am away', headers: { 'X-Autoreply': 'yes' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.messages.filter((m) => m.rcptTo.includes('bot@example.com'))).toHaveLength(0);
  });
});

describe('delivery mode log', () => {
  it('keeps a reply as sent without any relay', async () => {
    const box = (await a.admin.post('/api/channels', { kind: 'email', name: 'Demo box', address: 'demo@acme.test', queueId, settings: { deliveryMode: 'log' } })).json().channel;
    await customerMail.sendMail({ from: 'nina@example.com', to: 'demo@acme.test', subject: 'Log mode', text: 'Hi' });
    const i = await eventually(async () => (await emailContacts()).find((x) => x.channelAccountId === box.id));
    await a.agent.post(`/api/interactions/${i.id}/assign`, { agentId: a.agent.userId });
    const before = sink.messages.length;
    const id = (await a.agent.post(`/api/interactions/${i.id}/messages`, { body: 'Hello Nina' })).json().message.id;
    const m = await delivered(i.id, id);
    expect(await externalIdOf(m.id)).toMatch(/^<[0-9a-f-]{36}@acme\.test>$/);
    expect(sink.messages.length).toBe(before);
  });
});
