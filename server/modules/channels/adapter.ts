import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ModuleContext } from '../../platform/module.js';
import type { AttachmentRow, AttachmentService, InteractionRow, InteractionService, MessageRow } from '../interactions/index.js';
import type { ChannelAccount, ChannelAccounts } from './accounts.js';
import type { Inbox } from './inbox.js';
import type { ChannelKind } from './schema.js';

/** An outbound message handed to its channel's adapter, with everything needed to send it. */
export type Outbound = {
  account: ChannelAccount;
  interaction: InteractionRow;
  message: MessageRow;
  /** Earlier messages of the contact, oldest first (email quotes them; threading headers come from them). */
  history: MessageRow[];
  files: (AttachmentRow & { open(): Readable })[];
  /** Where to send: the customer's identity on this channel (phone, email, chat id, PSID), from the thread. */
  to: string;
};

/** A send that can never succeed (bad recipient, closed window): no retry, the message is marked failed. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, readonly code = 'delivery_refused') {
    super(message);
  }
}

/** What an adapter gets when the module starts: the platform plus the shared channel services. */
export type ChannelContext = ModuleContext & {
  inbox: Inbox;
  accounts: ChannelAccounts;
  interactions: InteractionService;
  files: AttachmentService;
};

/**
 * One channel kind: how its account is configured, how it sends, and (in `register`) its inbound edge —
 * webhook routes, a listening server or a poller — which parses each payload into an InboundMessage for
 * `ctx.inbox.receive`. Every adapter lives in `channels/<kind>/` with real sample payloads in `fixtures/`.
 */
export interface ChannelAdapter {
  kind: ChannelKind;
  /** Settings admins see and edit (validated on save). */
  settings: z.ZodType<Record<string, unknown>>;
  /** Secrets (tokens, passwords): stored encrypted, never sent back to a client. */
  credentials: z.ZodType<Record<string, unknown>>;
  /** Sends one message; answers the channel's id for it (used to match delivery receipts). */
  send?(out: Outbound, ctx: ChannelContext): Promise<{ externalId?: string }>;
  /** Refuses, before it is stored, an outbound message the channel cannot take now (e.g. a closed window). */
  checkOutbound?(i: InteractionRow, input: { body: string; template?: unknown }, ctx: ChannelContext): Promise<void>;
  /** Registers the inbound edge; called once per server. */
  register?(ctx: ChannelContext): void;
}
