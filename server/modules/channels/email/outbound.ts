import { randomUUID } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { MessageRow } from '../../interactions/index.js';
import type { ChannelAccount } from '../accounts.js';
import { PermanentDeliveryError, type Outbound } from '../adapter.js';
import { domainOf, messageIds, replySubject } from './headers.js';
import { replyBody } from './html.js';

type EmailMeta = {
  email?: boolean; from?: string | null; fromName?: string | null; replyTo?: string | null; references?: string[]; threadSubject?: string;
  subject?: string; autoSubmitted?: string; cc?: string[];
};
const metaOf = (m: MessageRow) => (m.meta ?? {}) as EmailMeta;

/** A new Message-ID at the mailbox's own domain. */
export const newMessageId = (address: string) => `<${randomUUID()}@${domainOf(address)}>`;

/** The customer's last email the reply answers (never an automatic reply). */
export function lastCustomerEmail(history: MessageRow[]) {
  return [...history].reverse().find((m) => m.direction === 'inbound' && m.kind === 'message' && m.externalId && !metaOf(m).autoSubmitted);
}

/** References for a reply to `parent`: its own References and its id, the thread root first, at most 20 ids. */
export function referencesFor(parent: MessageRow, root?: string | null) {
  const chain = [...(metaOf(parent).references ?? []), parent.externalId!];
  if (root && messageIds(root)[0] === root && !chain.includes(root)) chain.unshift(root);
  const unique = [...new Set(chain)];
  return unique.length > 20 ? [unique[0]!, ...unique.slice(-19)] : unique;
}

const fromOf = (account: ChannelAccount) => ({ name: account.name, address: account.address! });

/**
 * The agent's reply as an email: From the mailbox (with its name), To the customer's address of their last
 * email (Reply-To before From), Cc as the agent set it, `Re: <thread subject>` keeping the case tag,
 * In-Reply-To and References for the customer's mail program to thread it, text and HTML with the quoted
 * earlier message, and the files.
 */
export function composeReply(out: Outbound, caseNumber: number | null): Mail.Options & { messageId: string } {
  const { account, message, interaction } = out;
  if (!account.address) throw new PermanentDeliveryError('The mailbox has no address', 'not_configured');
  const parent = lastCustomerEmail(out.history.filter((m) => m.id !== message.id));
  const pm = parent ? metaOf(parent) : undefined;
  const to = pm?.replyTo ?? pm?.from;
  if (!parent || !to) throw new PermanentDeliveryError('There is no customer email to answer in this contact', 'no_recipient');
  const mm = metaOf(message);
  const messageId = newMessageId(account.address);
  const quoted = { at: parent.createdAt, author: pm?.fromName ? `${pm.fromName} <${pm.from}>` : String(pm?.from), text: parent.body };
  const body = replyBody(message.body, quoted);
  return {
    messageId,
    from: fromOf(account),
    to,
    ...(mm.cc?.length ? { cc: mm.cc } : {}),
    subject: replySubject(interaction.subject ?? pm?.threadSubject, { given: mm.subject, caseNumber }),
    inReplyTo: parent.externalId!,
    references: referencesFor(parent, interaction.threadKey),
    text: body.text,
    html: body.html,
    attachments: out.files.map((f) => ({ filename: f.fileName, contentType: f.contentType, content: f.open() })),
    envelope: { from: account.address, to: [to, ...(mm.cc ?? [])] },
  };
}

/**
 * The automatic acknowledgement of a customer's first email: threaded under it, marked
 * `Auto-Submitted: auto-replied` (RFC 3834) so that other robots never answer it.
 */
export function composeAck(account: ChannelAccount, parent: MessageRow, text: string, subject: string): Mail.Options & { messageId: string } {
  if (!account.address) throw new PermanentDeliveryError('The mailbox has no address', 'not_configured');
  const pm = metaOf(parent);
  const to = pm.replyTo ?? pm.from;
  if (!to) throw new PermanentDeliveryError('No address to acknowledge', 'no_recipient');
  const messageId = newMessageId(account.address);
  const body = replyBody(text);
  return {
    messageId, from: fromOf(account), to, subject,
    inReplyTo: parent.externalId!, references: referencesFor(parent),
    text: body.text, html: body.html,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
  };
}
