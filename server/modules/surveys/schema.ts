import { index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../identity/schema.js';
import { interactions } from '../interactions/schema.js';

/** A satisfaction survey sent for a contact (one per contact), and when it was answered. */
export const surveyRequests = pgTable('survey_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
  queueId: uuid('queue_id'),
  channel: text('channel').notNull(),
  language: text('language').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  answeredAt: timestamp('answered_at', { withTimezone: true, precision: 3 }),
  score: smallint('score'),
}, (t) => [
  uniqueIndex('survey_requests_interaction_key').on(t.interactionId),
  index('survey_requests_customer_idx').on(t.workspaceId, t.customerId, t.sentAt),
]);

/** The key that signs survey links of a workspace. */
export const surveyKeys = pgTable('survey_keys', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
});
