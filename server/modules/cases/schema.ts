import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers, orders } from '../customers/schema.js';
import { departments } from '../departments/schema.js';
import { users, workspaces } from '../identity/schema.js';

export const caseTypes = ['complaint', 'suggestion', 'inquiry', 'return', 'exchange', 'order'] as const;
export const caseStatuses = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'] as const;
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** One customer issue, followed across as many interactions as it takes. */
export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  type: text('type', { enum: caseTypes }).notNull(),
  status: text('status', { enum: caseStatuses }).notNull().default('new'),
  priority: text('priority', { enum: priorities }).notNull().default('normal'),
  subject: text('subject').notNull(),
  description: text('description').notNull().default(''),
  departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
  assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
  orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cases_number_key').on(t.workspaceId, t.number),
  index('cases_customer_idx').on(t.customerId, t.createdAt),
  index('cases_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
]);

/** Per-workspace sequence for human-friendly case numbers. */
export const caseCounters = pgTable('case_counters', {
  workspaceId: uuid('workspace_id').primaryKey().references(() => workspaces.id, { onDelete: 'cascade' }),
  last: integer('last').notNull().default(0),
});
