import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments } from '../departments/schema.js';
import { workspaces } from '../identity/schema.js';

/** Where contacts wait for an agent. Routing rules (skills, hours, overflow) live in `settings`. */
export const queues = pgTable('queues', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
  channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
  language: text('language'),
  priority: integer('priority').notNull().default(0),
  settings: jsonb('settings').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [uniqueIndex('queues_name_key').on(t.workspaceId, t.name)]);
