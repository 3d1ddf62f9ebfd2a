import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dovecot, ensureDovecot } from '../support/mail.js';
import { eventually } from '../support/routing.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

const fixture = (name: string) => readFileSync(new URL(`../../server/modules/channels/email/fixtures/${name}`, import.meta.url));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// Debian's dovecot-imapd; `npm test` installs it like Chromium. Without it (and without root to install it) this file cannot run.
const haveDovecot = ensureDovecot();

let t: TestServer;
let a: TestWorkspace;
let dovecot: Dovecot;
let channelId: string;

const contacts = async () => (await a.agent.get('/api/interactions?channel=email')).json().items as { id: string; subject: string }[];
const messageCount = async () => (await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [a.id])).rows[0].n as number;
const state = async () => (await t.database.pool.query('SELECT state FROM channel_accounts WHERE id = $1', [channelId])).rows[0].state as { imap?: { uidValidity?: string; lastUid?: number; error?: string | null } };

const mail = (id: string, subject: string, body: string) =>
  `From: Customer ${id} <customer${id}@example.net>\r\nTo: support@mail.test\r\nSubject: ${subject}\r\nMessage-ID: <imap-${id}@example.net>\r\n`
  + `Date: Tue, 04 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`;

describe.skipIf(!haveDovecot)('IMAP polling (Dovecot)', () => {
  beforeAll(async () => {
    dovecot = await new Dovecot().start();
    t = await createTestServer();
    a = await t.workspace('IMAP');
    const queueId = (await a.admin.post('/api/queues', { name: 'Mail', channels: ['email'] })).json().queue.id;
    // Two messages wait in the mailbox before the channel exists.
    await dovecot.append(fixture('arabic-base64.eml'));
    await dovecot.append(mail('1', 'Order question', 'Where is my order?'));
    const res = await a.admin.post('/api/channels', {
      kind: 'email', name: 'Polled box', address: 'support@mail.test', queueId,
      settings: {
        deliveryMode: 'log', imapEnabled: true, imapHost: '127.0.0.1', imapPort: dovecot.port, imapSecure: false, imapUser: dovecot.user,
        imapFolder: 'INBOX', imapPollSeconds: 1, tlsVerify: false,
      },
      credentials: { imapPassword: dovecot.password },
    });
    expect(res.statusCode, res.body).toBe(201);
    channelId = res.json().channel.id;
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  it('imports what is in the mailbox, Arabic and attachments intact, and remembers where it stopped', async () => {
    await eventually(async () => ((await contacts()).length === 2 ? true : undefined), 20_000, 'two contacts from IMAP');
    const arabic = (await contacts()).find((c) => c.subject === 'طلبي لم يصل بعد')!;
    const [m] = (await a.agent.get(`/api/interactions/${arabic.id}/messages`)).json().items;
    expect(m.body).toContain('طلبت هاتفاً قبل أسبوعين');
    expect(m.attachments[0].sha256).toBe(sha(fixture('arabic-base64.pdf')));
    const s = await eventually(async () => ((await state()).imap?.lastUid === 2 ? state() : undefined));
    expect(s.imap).toMatchObject({ lastUid: 2, error: null });
    expect(s.imap!.uidValidity).toMatch(/^\d+$/);
  });

  it('takes only new messages on later polls and never imports one twice', async () => {
    await dovecot.append(mail('2', 'Refund', 'Please refund me'));
    await eventually(async () => ((await contacts()).length === 3 ? true : undefined), 20_000, 'third contact');
    // The same message again (another copy with the same Message-ID) and a few more polls: nothing new.
    await dovecot.append(mail('2', 'Refund', 'Please refund me'));
    await eventually(async () => ((await state()).imap?.lastUid === 4 ? true : undefined), 20_000, 'copy seen');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await contacts()).length).toBe(3);
    expect(await messageCount()).toBe(3);
  });

  it('starts over safely when the folder\'s UIDVALIDITY changes', async () => {
    await t.database.pool.query(`UPDATE channel_accounts SET state = jsonb_set(state, '{imap,uidValidity}', '"1"') WHERE id = $1`, [channelId]);
    await eventually(async () => ((await state()).imap?.uidValidity !== '1' ? true : undefined), 20_000, 'new UIDVALIDITY taken');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await messageCount()).toBe(3);
    expect((await state()).imap?.lastUid).toBe(4);
  });

  it('keeps the error of a failed login in the state and recovers when the password is fixed', async () => {
    expect((await a.admin.patch(`/api/channels/${channelId}`, { credentials: { imapPassword: 'wrong' } })).statusCode).toBe(200);
    await eventually(async () => ((await state()).imap?.error ? true : undefined), 20_000, 'login error recorded');
    expect((await a.admin.patch(`/api/channels/${channelId}`, { credentials: { imapPassword: dovecot.password } })).statusCode).toBe(200);
    await dovecot.append(mail('3', 'After fix', 'Hello again'));
    await eventually(async () => ((await contacts()).length === 4 ? true : undefined), 20_000, 'polling resumed');
    expect((await state()).imap?.error).toBeNull();
  });
});
