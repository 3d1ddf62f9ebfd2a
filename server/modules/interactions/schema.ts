import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases, priorities } from '../cases/schema.js';
import { customers } from '../customers/schema.js';
import { users, workspaces } from '../identity/schema.js';
import { queues } from '../queues/schema.js';

export const channels = ['voice', 'email', 'chat', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in'] as const;
export const deliveryStatuses = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export const interactionStatuses = ['new', 'queued', 'active', 'wrap_up', 'closed', 'abandoned'] as const;

/** One contact: a call, a chat, an email thread, a message thread, a form or a walk-in visit. */
export const interactions = pgTable('interactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  channel: text('channel', { enum: channels }).notNull(),
  direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull().default('inbound'),
  status: text('status', { enum: interactionStatuses }).notNull().default('new'),
  priority: text('priority', { enum: priorities }).notNull().default('normal'),
  subject: text('subject'),
  language: text('language'),
  reason: text('reason'),
  resolved: boolean('resolved'),
  queueId: uuid('queue_id').references(() => queues.id, { onDelete: 'set null' }),
  assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
  caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
  // Routing: first queue time (kept across transfers, for ASA), queue priority and queued callback.
  enqueuedAt: timestamp('enqueued_at', { withTimezone: true, precision: 3 }),
  routingPriority: integer('routing_priority').notNull().default(0),
  callbackRequested: boolean('callback_requested').notNull().default(false),
  // Channel: the account it came in on (mailbox, website, number, bot, branch) and the conversation key
  // within it (visitor, phone number, chat id, email thread), so the next message finds this contact.
  channelAccountId: uuid('channel_account_id'),
  threadKey: text('thread_key'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  index('interactions_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
  index('interactions_customer_idx').on(t.customerId, t.createdAt),
  index('interactions_case_idx').on(t.caseId),
  index('interactions_queued_idx').on(t.workspaceId, t.status, t.queueId),
  index('interactions_thread_idx').on(t.workspaceId, t.channelAccountId, t.threadKey, t.createdAt),
]);

/** A message from the customer or an agent, or a private note (kind = 'note') only staff see. */
export const messages = pgTable('messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['message', 'note'] }).notNull().default('message'),
  direction: text('direction', { enum: ['inbound', 'outbound', 'internal'] }).notNull(),
  authorType: text('author_type', { enum: ['customer', 'agent', 'system'] }).notNull(),
  authorId: uuid('author_id'),
  body: text('body').notNull(),
  /** Sanitised HTML of an email, shown instead of `body` where HTML can be displayed. */
  html: text('html'),
  /** The channel's id of the message (provider message id, email Message-ID). */
  externalId: text('external_id'),
  /** Channel details: email subject/cc/threading headers, template name and parameters, media. */
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  /** Outbound messages on a channel: where delivery stands (null for notes and in-app messages). */
  deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
  deliveryError: text('delivery_error'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('messages_interaction_idx').on(t.interactionId, t.createdAt),
  index('messages_external_idx').on(t.workspaceId, t.externalId),
]);

export const attachments = pgTable('attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storagePath: text('storage_path').notNull(),
  uploadedById: uuid('uploaded_by_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('attachments_interaction_idx').on(t.interactionId)]);

/** Append-only log of what happened to a contact and when; every KPI is computed from it. */
export const interactionEvents = pgTable('interaction_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  actorType: text('actor_type', { enum: ['customer', 'agent', 'system'] }).notNull(),
  actorId: uuid('actor_id'),
  queueId: uuid('queue_id'),
  agentId: uuid('agent_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [
  index('interaction_events_interaction_idx').on(t.interactionId, t.id),
  index('interaction_events_workspace_at_idx').on(t.workspaceId, t.at),
]);
