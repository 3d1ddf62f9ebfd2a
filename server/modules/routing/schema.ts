import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../identity/schema.js';
import { interactions } from '../interactions/schema.js';

export const agentStates = ['available', 'after_contact_work', 'away', 'offline'] as const;
export type AgentStateName = (typeof agentStates)[number];

/** Each agent's routing state and capacity; the router mirrors it in memory. */
export const agentPresence = pgTable('agent_presence', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  state: text('state', { enum: agentStates }).notNull().default('offline'),
  reason: text('reason'),
  since: timestamp('since', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  capacity: jsonb('capacity').$type<Record<string, number>>().notNull().default({}),
  missedInRow: integer('missed_in_row').notNull().default(0),
}, (t) => [index('agent_presence_workspace_idx').on(t.workspaceId)]);

/** Time in each agent state: one row per period, closed when the next state begins. */
export const agentStateLog = pgTable('agent_state_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  state: text('state', { enum: agentStates }).notNull(),
  reason: text('reason'),
  startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
}, (t) => [index('agent_state_log_user_idx').on(t.workspaceId, t.userId, t.startedAt)]);

export const offerStatuses = ['pending', 'accepted', 'rejected', 'timed_out', 'revoked'] as const;

/** Offers of a contact to an agent. At most one pending offer per contact, enforced by the database. */
export const routingOffers = pgTable('routing_offers', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  queueId: uuid('queue_id'),
  status: text('status', { enum: offerStatuses }).notNull().default('pending'),
  offeredAt: timestamp('offered_at', { withTimezone: true, precision: 3 }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  uniqueIndex('routing_offers_one_pending').on(t.interactionId).where(sql`status = 'pending'`),
  index('routing_offers_agent_idx').on(t.agentId, t.status),
]);

/** Workspace routing settings: the away reason codes agents pick from. */
export const routingSettings = pgTable('routing_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  reasonCodes: text('reason_codes').array().notNull().default(sql`'{break,lunch,training,meeting,coaching}'::text[]`),
  defaultCapacity: jsonb('default_capacity').$type<Record<string, number>>().notNull()
    .default({ voice: 1, chat: 3, email: 5, sms: 3, whatsapp: 3, telegram: 3, messenger: 3, form: 5, walk_in: 1 }),
});
