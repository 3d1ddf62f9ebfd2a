import { and, eq, inArray } from 'drizzle-orm';
import { messages } from '../../interactions/index.js';
import type { ChannelAccount } from '../accounts.js';
import type { ChannelContext } from '../adapter.js';
import { inboundReceipts } from '../schema.js';
import { mapInlineImages } from './html.js';
import { parseEmail, type ParsedEmail } from './parse.js';
import { settingsOf } from './settings.js';

/** The job that sends the automatic acknowledgement of a new email contact: `{ workspaceId, accountId, messageId }`. */
export const ACK_JOB = 'email-auto-ack';

/** What became of one received email. */
export type EmailOutcome =
  | { kind: 'stored'; interactionId: string; messageId: string | null; opened: boolean; duplicate: boolean; acknowledged: boolean }
  | { kind: 'auto_reply_stored'; interactionId: string; messageId: string }
  | { kind: 'bounce'; updated: number }
  | { kind: 'dropped'; reason: string };

const finished = new Set(['closed', 'abandoned']);

/**
 * Takes one raw email for a mailbox, whichever way it came (SMTP or IMAP), and keeps loops out:
 * a bounce marks the reply it reports on failed and opens nothing; an automatic reply is kept on the
 * open contact it answers (flagged, never answered) or dropped; the mailbox's own mail is dropped; a
 * person's email goes through the shared inbox, and a new contact may be acknowledged.
 */
export class EmailReceiver {
  constructor(private ctx: ChannelContext) {}

  async receive(account: ChannelAccount, raw: Buffer, envelope: { mailFrom?: string | null } = {}): Promise<EmailOutcome> {
    const parsed = await parseEmail(raw, envelope);
    const log = this.ctx.log;
    const from = parsed.message.from.value;
    if (!from) return { kind: 'dropped', reason: 'no sender' };
    if (account.address && from === account.address.toLowerCase() && parsed.verdict.kind === 'human') return { kind: 'dropped', reason: 'own message' };
    if (parsed.verdict.kind === 'bounce') return this.bounce(account, parsed);
    if (parsed.verdict.kind === 'auto_reply') return this.autoReply(account, parsed);
    const r = await this.ctx.inbox.receive(account, parsed.message);
    if (r.duplicate) return { kind: 'stored', interactionId: r.interactionId, messageId: r.messageId, opened: false, duplicate: true, acknowledged: false };
    if (r.messageId && parsed.inline.length && parsed.message.html) await this.linkInlineImages(account, r.messageId, parsed);
    let acknowledged = false;
    if (r.opened && r.messageId && settingsOf(account).autoAck) {
      await this.ctx.jobs.send(ACK_JOB, { workspaceId: account.workspaceId, accountId: account.id, messageId: r.messageId }, { singletonKey: `ack:${r.messageId}` });
      acknowledged = true;
    }
    log.debug({ channel: account.id, interactionId: r.interactionId, opened: r.opened }, 'email received');
    return { kind: 'stored', interactionId: r.interactionId, messageId: r.messageId, opened: r.opened, duplicate: false, acknowledged };
  }

  /** A delivery report: our message it names is marked failed; nothing else is stored. */
  private async bounce(account: ChannelAccount, parsed: ParsedEmail): Promise<EmailOutcome> {
    const b = parsed.bounce;
    if (!b?.originalIds.length) return { kind: 'dropped', reason: 'bounce for an unknown message' };
    if (!b.failed) return { kind: 'dropped', reason: 'delivery delayed' };
    let updated = 0;
    for (const id of b.originalIds) {
      const ok = await this.ctx.interactions.updateDelivery(account.workspaceId, { externalId: id }, 'failed', { error: `Bounced: ${b.diagnostic ?? 'delivery failed'}` });
      if (ok) updated++;
    }
    this.ctx.log.info({ channel: account.id, ids: b.originalIds, updated }, 'email bounce received');
    return updated ? { kind: 'bounce', updated } : { kind: 'dropped', reason: 'bounce for an unknown message' };
  }

  /** An out-of-office or other robot mail: kept on the open contact it answers, flagged; otherwise dropped. */
  private async autoReply(account: ChannelAccount, parsed: ParsedEmail): Promise<EmailOutcome> {
    const msg = parsed.message;
    if (!msg.inReplyTo?.length) return { kind: 'dropped', reason: 'automatic message' };
    const r = await this.ctx.db.transaction(async (tx) => {
      const [claimed] = await tx.insert(inboundReceipts).values({ channelAccountId: account.id, externalId: msg.externalId, workspaceId: account.workspaceId })
        .onConflictDoNothing().returning();
      if (!claimed) return undefined;
      const i = await this.ctx.interactions.findByMessageExternalIds(tx, account.workspaceId, msg.inReplyTo!);
      if (!i || finished.has(i.status) || i.channelAccountId !== account.id) return undefined;
      const m = await this.ctx.interactions.appendInbound(tx, i, {
        body: msg.text, externalId: msg.externalId, meta: { ...(msg.meta ?? {}), subject: msg.subject, autoReply: true },
      });
      await tx.update(inboundReceipts).set({ messageId: m.id })
        .where(and(eq(inboundReceipts.channelAccountId, account.id), eq(inboundReceipts.externalId, msg.externalId)));
      return { interactionId: i.id, messageId: m.id };
    });
    return r ? { kind: 'auto_reply_stored', ...r } : { kind: 'dropped', reason: 'automatic message' };
  }

  /** Points the message's `cid:` images at the attachments they were stored as. */
  private async linkInlineImages(account: ChannelAccount, messageId: string, parsed: ParsedEmail) {
    const stored = await this.ctx.interactions.outbound(account.workspaceId, messageId);
    if (!stored) return;
    const bySha = new Map(stored.files.map((f) => [f.sha256, f.id]));
    const urls = new Map<string, string>();
    for (const img of parsed.inline) {
      const id = bySha.get(img.sha256);
      if (id) urls.set(img.cid, `/api/attachments/${id}`);
    }
    const html = mapInlineImages(parsed.message.html!, urls);
    await this.ctx.db.update(messages).set({ html })
      .where(and(eq(messages.workspaceId, account.workspaceId), inArray(messages.id, [messageId])));
  }

  /** Reads a raw email from a stream (SMTP DATA), refusing more than `maxBytes`. */
  static async read(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stream) {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size <= maxBytes) chunks.push(b);
    }
    return size > maxBytes ? null : Buffer.concat(chunks);
  }
}
