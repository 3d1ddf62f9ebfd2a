import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../../identity/schema.js';
import { interactions } from '../../interactions/schema.js';
import { channelAccounts } from '../schema.js';

export const ticketStatuses = ['waiting', 'called', 'done', 'no_show'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/**
 * A "take a number" ticket of a branch (a walk_in channel account): numbered per branch, service letter
 * and day, and one walk_in interaction queued on the service's queue, so visits are routed and
 * measured like every other contact. `phone` is only kept to text the customer when they are called.
 */
export const walkInTickets = pgTable('walk_in_tickets', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  channelAccountId: uuid('channel_account_id').notNull().references(() => channelAccounts.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').references(() => interactions.id, { onDelete: 'set null' }),
  /** The branch's local day the number belongs to (YYYY-MM-DD). */
  day: text('day').notNull(),
  service: text('service').notNull(),
  letter: text('letter').notNull(),
  number: integer('number').notNull(),
  status: text('status', { enum: ticketStatuses }).notNull().default('waiting'),
  phone: text('phone'),
  counter: text('counter'),
  calledById: uuid('called_by_id').references(() => users.id, { onDelete: 'set null' }),
  calledAt: timestamp('called_at', { withTimezone: true, precision: 3 }),
  recalls: integer('recalls').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('walk_in_tickets_number_key').on(t.channelAccountId, t.day, t.letter, t.number),
  uniqueIndex('walk_in_tickets_interaction_key').on(t.interactionId),
  index('walk_in_tickets_branch_idx').on(t.workspaceId, t.channelAccountId, t.day, t.status),
]);
