import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, boolean } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../identity/schema.js';
import { interactions } from '../interactions/schema.js';
import { queues } from '../queues/schema.js';
import type { ScriptStep } from './domain/script.js';

/** A saved answer (text an agent sends, with `{{variables}}`) or a knowledge snippet (to read, search and quote). */
export const savedAnswers = pgTable('saved_answers', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['answer', 'snippet'] }).notNull().default('answer'),
  title: text('title').notNull(),
  /** Typed after `/` in the composer. */
  shortcut: text('shortcut'),
  body: text('body').notNull(),
  language: text('language'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('saved_answers_workspace_idx').on(t.workspaceId, t.title),
  uniqueIndex('saved_answers_shortcut_key').on(t.workspaceId, t.shortcut),
]);

/** A guided script for a queue or a contact reason: steps with questions, branches and suggested wording. */
export const scripts = pgTable('scripts', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  queueId: uuid('queue_id').references(() => queues.id, { onDelete: 'set null' }),
  reason: text('reason'),
  active: boolean('active').notNull().default(true),
  steps: jsonb('steps').$type<ScriptStep[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('scripts_workspace_idx').on(t.workspaceId, t.name)]);

/** The agent's answers to a script's questions on one contact. */
export const scriptRuns = pgTable('script_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  interactionId: uuid('interaction_id').notNull().references(() => interactions.id, { onDelete: 'cascade' }),
  scriptId: uuid('script_id').notNull().references(() => scripts.id, { onDelete: 'cascade' }),
  answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
  updatedById: uuid('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [uniqueIndex('script_runs_key').on(t.interactionId, t.scriptId)]);
