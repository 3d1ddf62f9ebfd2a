import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../identity/schema.js';
import { messages } from '../interactions/schema.js';
import { queues } from '../queues/schema.js';

/** The kinds of channel account a workspace can have; each has one adapter in `channels/<kind>/`. */
export const channelKinds = ['chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in', 'voice'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/**
 * One way customers reach the workspace: a website (chat widget), a mailbox, an SMS number, a WhatsApp
 * number, a Telegram bot, a Messenger page, a web form or a branch. Contacts arriving on it go to its queue.
 * `settings` are visible to admins; `credentials` (tokens, passwords, signing secrets) are encrypted at rest
 * and never sent back. `publicKey` names the account in public URLs (widget snippet, webhooks, forms, kiosk).
 */
export const channelAccounts = pgTable('channel_accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: channelKinds }).notNull(),
  name: text('name').notNull(),
  publicKey: text('public_key').notNull().unique(),
  /** The address customers use: mailbox address, phone number, bot username, page id, site domain. */
  address: text('address'),
  queueId: uuid('queue_id').references(() => queues.id, { onDelete: 'set null' }),
  language: text('language'),
  enabled: boolean('enabled').notNull().default(true),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  credentials: text('credentials'),
  /** What the adapter keeps between runs (e.g. the last IMAP UID seen). */
  state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('channel_accounts_workspace_idx').on(t.workspaceId, t.kind),
  index('channel_accounts_address_idx').on(t.kind, t.address),
]);

/**
 * Every inbound message id a channel account has taken in: a provider that retries a webhook, or a
 * mailbox polled twice, finds its id here and nothing is stored twice.
 */
export const inboundReceipts = pgTable('inbound_receipts', {
  channelAccountId: uuid('channel_account_id').notNull().references(() => channelAccounts.id, { onDelete: 'cascade' }),
  externalId: text('external_id').notNull(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
  receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.channelAccountId, t.externalId] })]);
