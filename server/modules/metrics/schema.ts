import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../identity/schema.js';
import { interactions } from '../interactions/schema.js';

/** Thresholds and denominators of the KPIs, per workspace (defaults when no row exists). */
export const metricsSettings = pgTable('metrics_settings', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  shortAbandonSeconds: integer('short_abandon_seconds').notNull().default(5),
  fcrDays: integer('fcr_days').notNull().default(7),
  csatPositiveMin: integer('csat_positive_min').notNull().default(4),
});

const ms = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Contacts whose facts must be recomputed: the triggers on interaction_events and interactions only add a
 * row here, so writers never wait on the shared rollup rows; `metrics_apply_pending` (the background
 * applier, and every read first) recomputes them. `earlier`: the customer's earlier contacts too (FCR).
 */
export const metricsPending = pgTable('metrics_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  interactionId: uuid('interaction_id').notNull(),
  earlier: boolean('earlier').notNull().default(false),
}, (t) => [index('metrics_pending_workspace_idx').on(t.workspaceId, t.id)]);

/**
 * One row per contact: its numbers computed from its events by `metrics_fact_source`, refreshed from
 * `metrics_pending` after its events commit. Drill-downs and the per-contact CSV read it.
 */
export const metricContacts = pgTable('metric_contacts', {
  interactionId: uuid('interaction_id').primaryKey().references(() => interactions.id, { onDelete: 'cascade' }),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  customerId: uuid('customer_id').notNull(),
  caseId: uuid('case_id'),
  reason: text('reason'),
  language: text('language'),
  createdAt: ts('created_at').notNull(),
  queueId: uuid('queue_id'),
  agentId: uuid('agent_id'),
  arrivedAt: ts('arrived_at').notNull(),
  bucket: ts('bucket').notNull(),
  queuedAt: ts('queued_at'),
  answeredAt: ts('answered_at'),
  closedAt: ts('closed_at'),
  offered: smallint('offered').notNull().default(0),
  answered: smallint('answered').notNull().default(0),
  answeredInSl: smallint('answered_in_sl').notNull().default(0),
  abandoned: smallint('abandoned').notNull().default(0),
  shortAbandoned: smallint('short_abandoned').notNull().default(0),
  answerWaitMs: bigint('answer_wait_ms', { mode: 'number' }),
  waitMs: bigint('wait_ms', { mode: 'number' }),
  handled: smallint('handled').notNull().default(0),
  talkMs: ms('talk_ms'),
  holdMs: ms('hold_ms'),
  acwMs: ms('acw_ms'),
  transfers: integer('transfers').notNull().default(0),
  escalations: integer('escalations').notNull().default(0),
  resolved: smallint('resolved').notNull().default(0),
  repeated: smallint('repeated').notNull().default(0),
  rating: smallint('rating'),
}, (t) => [
  index('metric_contacts_arrived_idx').on(t.workspaceId, t.arrivedAt),
  index('metric_contacts_agent_idx').on(t.workspaceId, t.agentId, t.arrivedAt),
]);

/**
 * Pre-aggregated 15-minute buckets per (queue, agent, channel, reason), kept up to date from
 * `metric_contacts` by a trigger (old contribution out, new one in). Reports and the wallboard sum them.
 */
export const metricBuckets = pgTable('metric_buckets', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  bucket: ts('bucket').notNull(),
  queueId: uuid('queue_id'),
  agentId: uuid('agent_id'),
  channel: text('channel').notNull(),
  reason: text('reason'),
  offered: integer('offered').notNull().default(0),
  answered: integer('answered').notNull().default(0),
  answeredInSl: integer('answered_in_sl').notNull().default(0),
  abandoned: integer('abandoned').notNull().default(0),
  shortAbandoned: integer('short_abandoned').notNull().default(0),
  answerWaitMs: ms('answer_wait_ms'),
  maxWaitMs: ms('max_wait_ms'),
  handled: integer('handled').notNull().default(0),
  talkMs: ms('talk_ms'),
  holdMs: ms('hold_ms'),
  acwMs: ms('acw_ms'),
  transfers: integer('transfers').notNull().default(0),
  escalations: integer('escalations').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  fcrResolved: integer('fcr_resolved').notNull().default(0),
  ratings: integer('ratings').notNull().default(0),
  ratingSum: integer('rating_sum').notNull().default(0),
  ratingsPositive: integer('ratings_positive').notNull().default(0),
}, (t) => [
  unique('metric_buckets_key').on(t.workspaceId, t.bucket, t.queueId, t.agentId, t.channel, t.reason).nullsNotDistinct(),
  index('metric_buckets_agent_idx').on(t.workspaceId, t.agentId, t.bucket).where(sql`agent_id IS NOT NULL`),
]);

/**
 * Daily rollups in the workspace's local calendar, each over fewer dimensions so that long periods sum
 * few rows: `dim` = 'qc' (queue × channel), 'agent', 'reason', or 'hour' (local hour of day, for the
 * heatmap). Kept by the same trigger as the buckets; a change of the workspace's time zone needs a rebuild.
 */
export const metricDays = pgTable('metric_days', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  day: date('day').notNull(),
  dim: text('dim', { enum: ['qc', 'agent', 'reason', 'hour'] }).notNull(),
  queueId: uuid('queue_id'),
  channel: text('channel'),
  agentId: uuid('agent_id'),
  reason: text('reason'),
  hour: smallint('hour'),
  offered: integer('offered').notNull().default(0),
  answered: integer('answered').notNull().default(0),
  answeredInSl: integer('answered_in_sl').notNull().default(0),
  abandoned: integer('abandoned').notNull().default(0),
  shortAbandoned: integer('short_abandoned').notNull().default(0),
  answerWaitMs: ms('answer_wait_ms'),
  maxWaitMs: ms('max_wait_ms'),
  handled: integer('handled').notNull().default(0),
  talkMs: ms('talk_ms'),
  holdMs: ms('hold_ms'),
  acwMs: ms('acw_ms'),
  transfers: integer('transfers').notNull().default(0),
  escalations: integer('escalations').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  fcrResolved: integer('fcr_resolved').notNull().default(0),
  ratings: integer('ratings').notNull().default(0),
  ratingSum: integer('rating_sum').notNull().default(0),
  ratingsPositive: integer('ratings_positive').notNull().default(0),
}, (t) => [
  unique('metric_days_key').on(t.workspaceId, t.dim, t.day, t.queueId, t.channel, t.agentId, t.reason, t.hour).nullsNotDistinct(),
]);
