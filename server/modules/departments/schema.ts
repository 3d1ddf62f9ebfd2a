import { pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../identity/schema.js';

/** A department (sales, billing, …) or a team inside one; cases and queues point at them. */
export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['department', 'team'] }).notNull().default('department'),
  description: text('description').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [uniqueIndex('departments_name_key').on(t.workspaceId, t.name)]);

export const departmentMembers = pgTable('department_members', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  departmentId: uuid('department_id').notNull().references(() => departments.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ['member', 'lead'] }).notNull().default('member'),
}, (t) => [primaryKey({ columns: [t.departmentId, t.userId] })]);
