import type { IdentityKind } from '../../customers/index.js';

/** A file that came with a message, already read into memory (adapters cap the size). */
export type InboundFile = { fileName: string; contentType: string; content: Buffer };

/**
 * The one shape every channel's inbound payload is parsed into: a webhook from a provider, an email, a
 * widget message, a form or a kiosk ticket. The shared inbox service takes it from here.
 */
export type InboundMessage = {
  /** The channel's own id of this message: the key that makes receiving idempotent. */
  externalId: string;
  /** The conversation within the account (visitor id, phone number, chat id, email thread root). */
  threadKey: string;
  /** Who wrote: found or created as a customer by this identity. */
  from: { kind: IdentityKind; value: string; name?: string; country?: string };
  text: string;
  /** Sanitised HTML (email); shown where HTML can be displayed. */
  html?: string;
  subject?: string;
  language?: string;
  files?: InboundFile[];
  sentAt?: Date;
  /** Channel details kept with the message (email headers, provider fields). */
  meta?: Record<string, unknown>;
  /** External ids of earlier messages this one answers (email In-Reply-To and References). */
  inReplyTo?: string[];
  /** A case number the customer quoted (e.g. in an email subject), to attach the contact to that case. */
  caseNumber?: string;
  /** Overrides the account's queue (e.g. a form topic or a kiosk service mapped to a queue). */
  queueId?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  /** Start a new contact even if the conversation has an open one (e.g. every form submission). */
  newContact?: boolean;
};

/** A change of an outbound message's delivery, reported by the provider. */
export type DeliveryUpdate = { externalId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error?: string; at?: Date };

/** What the inbox answers after taking a message in. */
export type Received = {
  duplicate: boolean;
  interactionId: string;
  messageId: string | null;
  customerId: string;
  /** True when this message opened a new contact. */
  opened: boolean;
};
