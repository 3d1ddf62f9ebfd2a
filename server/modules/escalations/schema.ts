import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../identity/schema.js';
import { interactions } from '../interactions/schema.js';

/** An agent asks a supervisor for help with a contact; open until a supervisor takes it up. */
export const escalations = pgTable('escalations', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  raisedById: uuid('raised_by_id').references(() => users.id, { onDelete: 'set null' }),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['open', 'resolved'] }).notNull().default('open'),
  resolvedById: uuid('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
  resolution: text('resolution'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  index('escalations_inbox_idx').on(t.workspaceId, t.status, t.createdAt),
  index('escalations_interaction_idx').on(t.interactionId),
]);
