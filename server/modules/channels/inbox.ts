import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { invalid } from '../../platform/errors/index.js';
import type { Logger } from '../../platform/logger.js';
import type { CustomerService } from '../customers/index.js';
import type { AttachmentService, InteractionService, StoredFile } from '../interactions/index.js';
import type { ChannelAccount } from './accounts.js';
import type { InboundMessage, Received } from './domain/inbound.js';
import { inboundReceipts } from './schema.js';

const finished = new Set(['closed', 'abandoned']);

/**
 * The one path inward for every channel: finds or creates the customer by identity, finds the contact the
 * message belongs to (a reply to a known message, the open conversation, or a new contact on the account's
 * queue, where routing picks it up), stores the message and its files, and remembers the channel's message id
 * so that a retried delivery is never stored twice.
 */
export class Inbox {
  constructor(private db: Db, private customers: CustomerService, private interactions: InteractionService, private files: AttachmentService, private log: Logger) {}

  async receive(account: ChannelAccount, msg: InboundMessage): Promise<Received> {
    if (!account.enabled) throw invalid('channel_disabled', 'This channel is not taking messages');
    const earlier = await this.receipt(account, msg.externalId);
    if (earlier) return earlier;
    const { customer } = await this.customers.findOrCreateByIdentity(account.workspaceId, {
      kind: msg.from.kind, value: msg.from.value, name: msg.from.name, country: msg.from.country, language: msg.language ?? account.language ?? undefined,
    });
    const written: StoredFile[] = [];
    const refused: { fileName: string; reason: string }[] = [];
    for (const f of msg.files ?? []) {
      const r = await this.files.writeReceived(account.workspaceId, f);
      if ('refused' in r) refused.push({ fileName: f.fileName, reason: r.refused });
      else written.push(r);
    }
    try {
      return await this.db.transaction(async (tx) => {
        const [claimed] = await tx.insert(inboundReceipts).values({ channelAccountId: account.id, externalId: msg.externalId, workspaceId: account.workspaceId })
          .onConflictDoNothing().returning();
        if (!claimed) return { lost: true as const };
        let i = msg.inReplyTo?.length ? await this.interactions.findByMessageExternalIds(tx, account.workspaceId, msg.inReplyTo) : undefined;
        let caseId = i?.caseId ?? null;
        if (i && (finished.has(i.status) || i.customerId !== customer.id)) i = undefined;
        if (!i && !msg.newContact) i = await this.interactions.findOpenThread(tx, account.workspaceId, account.id, msg.threadKey);
        if (msg.caseNumber && /^\d{1,9}$/.test(msg.caseNumber)) {
          const c = await this.interactions.findCaseByNumber(tx, account.workspaceId, Number(msg.caseNumber));
          if (c && c.customerId === customer.id) caseId = c.id;
        }
        const opened = !i;
        i ??= await this.interactions.openInbound(tx, {
          workspaceId: account.workspaceId, customerId: customer.id, channel: account.kind, channelAccountId: account.id, threadKey: msg.threadKey,
          queueId: msg.queueId ?? account.queueId, subject: msg.subject, language: msg.language ?? customer.language ?? account.language ?? undefined,
          caseId, priority: msg.priority,
        });
        const meta = { ...(msg.meta ?? {}), ...(msg.subject ? { subject: msg.subject } : {}), ...(refused.length ? { refusedFiles: refused } : {}), ...(msg.sentAt ? { sentAt: msg.sentAt.toISOString() } : {}) };
        const m = await this.interactions.appendInbound(tx, i, { body: msg.text, html: msg.html, externalId: msg.externalId, meta }, written);
        await tx.update(inboundReceipts).set({ messageId: m.id })
          .where(and(eq(inboundReceipts.channelAccountId, account.id), eq(inboundReceipts.externalId, msg.externalId)));
        return { duplicate: false, interactionId: i.id, messageId: m.id, customerId: customer.id, opened };
      }).then(async (r) => {
        if (!('lost' in r)) return r;
        // Another delivery of the same message won the race; answer what it stored.
        await this.files.discard(written);
        return (await this.receipt(account, msg.externalId))!;
      });
    } catch (e) {
      await this.files.discard(written);
      throw e;
    }
  }

  /** What an earlier delivery of this message id stored, or undefined if it is new. */
  private async receipt(account: ChannelAccount, externalId: string): Promise<Received | undefined> {
    const [r] = await this.db.select().from(inboundReceipts)
      .where(and(eq(inboundReceipts.channelAccountId, account.id), eq(inboundReceipts.externalId, externalId))).limit(1);
    if (!r) return undefined;
    const m = r.messageId ? await this.interactions.outbound(account.workspaceId, r.messageId) : undefined;
    this.log.debug({ channel: account.id, externalId }, 'duplicate inbound message ignored');
    return { duplicate: true, interactionId: m?.interaction.id ?? '', messageId: r.messageId, customerId: m?.interaction.customerId ?? '', opened: false };
  }
}
