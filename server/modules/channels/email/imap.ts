import { ImapFlow, type MailboxObject } from 'imapflow';
import type { Logger } from '../../../platform/logger.js';
import type { ChannelAccount, ChannelAccounts } from '../accounts.js';
import type { EmailReceiver } from './receive.js';
import { settingsOf } from './settings.js';

/** What the poller keeps in the account's `state.imap`. */
export type ImapState = { uidValidity?: string; lastUid?: number; lastPollAt?: string; error?: string | null };

/** Messages taken per poll of one mailbox; the rest come with the next poll. */
const batch = 50;

/**
 * Polls existing mailboxes over IMAP for the email channels that have `imapEnabled`: every
 * `imapPollSeconds` it opens the folder read-only and takes the messages with a UID above the last one
 * taken (remembered with the folder's UIDVALIDITY in the account's state; a new UIDVALIDITY starts over,
 * and the inbox's Message-ID receipts keep that from storing anything twice). Several server copies may
 * poll the same mailbox: receipts make that harmless too.
 */
export class ImapPoller {
  private timer: NodeJS.Timeout | undefined;
  private running = new Map<string, Promise<void>>();
  private lastRun = new Map<string, number>();
  private stopped = false;

  constructor(private accounts: ChannelAccounts, private receiver: EmailReceiver, private log: Logger, private tickMs = 1000) {}

  start() {
    this.stopped = false;
    const loop = async () => {
      await this.tick().catch((err) => this.log.warn({ err }, 'IMAP poll round failed'));
      if (!this.stopped) this.timer = setTimeout(loop, this.tickMs);
    };
    this.timer = setTimeout(loop, this.tickMs);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Starts a poll of every mailbox that is due and not being polled. */
  async tick() {
    const list = (await this.accounts.enabled('email')).filter((a) => settingsOf(a).imapEnabled);
    const now = Date.now();
    for (const a of list) {
      const every = settingsOf(a).imapPollSeconds * 1000;
      if (this.running.has(a.id) || now - (this.lastRun.get(a.id) ?? 0) < every) continue;
      this.lastRun.set(a.id, now);
      const run = this.poll(a).then(() => undefined, (err) => this.log.warn({ err, channel: a.id }, "IMAP poll failed")).finally(() => this.running.delete(a.id));
      this.running.set(a.id, run);
    }
  }

  /** One poll of one mailbox; answers how many new messages were taken. */
  async poll(account: ChannelAccount): Promise<number> {
    const s = settingsOf(account);
    const state = ((account.state ?? {}) as { imap?: ImapState }).imap ?? {};
    const client = new ImapFlow({
      host: s.imapHost!, port: s.imapPort, secure: s.imapSecure, auth: { user: s.imapUser!, pass: String(account.credentials.imapPassword ?? '') },
      logger: false, tls: { rejectUnauthorized: s.tlsVerify }, doSTARTTLS: s.imapSecure ? undefined : (s.tlsVerify ? undefined : false),
      connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 120_000, disableAutoIdle: true,
    });
    client.on('error', (err) => this.log.warn({ err, channel: account.id }, 'IMAP connection error'));
    const save = (imap: ImapState) => this.accounts.saveState(account.workspaceId, account.id, { ...(account.state ?? {}), imap });
    let taken = 0;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(s.imapFolder, { readOnly: true });
      try {
        const box = client.mailbox as MailboxObject;
        const uidValidity = String(box.uidValidity);
        let lastUid = state.uidValidity === uidValidity ? (state.lastUid ?? 0) : 0;
        const uids = box.exists ? ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []) : [];
        for (const uid of uids.filter((u) => u > lastUid).sort((a, b) => a - b).slice(0, batch)) {
          const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (m && m.source) {
            await this.receiver.receive(account, m.source);
            taken++;
          }
          lastUid = uid;
          await save({ uidValidity, lastUid, lastPollAt: new Date().toISOString(), error: null });
        }
        if (!taken) await save({ uidValidity, lastUid, lastPollAt: new Date().toISOString(), error: null });
      } finally {
        lock.release();
      }
    } catch (e) {
      await save({ ...state, lastPollAt: new Date().toISOString(), error: (e as Error).message }).catch(() => undefined);
      throw e;
    } finally {
      await client.logout().catch(() => client.close());
    }
    if (taken) this.log.info({ channel: account.id, taken }, 'IMAP messages taken');
    return taken;
  }
}
