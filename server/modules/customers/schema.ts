import { sql } from 'drizzle-orm';
import { index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from '../identity/schema.js';

export const identityKinds = ['phone', 'email', 'chat', 'whatsapp', 'telegram', 'messenger'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  language: text('language'),
  timezone: text('timezone'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  // A merged customer stays as a pointer so old links keep resolving.
  mergedIntoId: uuid('merged_into_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  index('customers_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
  index('customers_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
]);

export const customerIdentities = pgTable('customer_identities', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: identityKinds }).notNull(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('customer_identities_value_key').on(t.workspaceId, t.kind, t.value),
  index('customer_identities_customer_idx').on(t.customerId),
]);

export type OrderItem = { sku?: string; name: string; quantity: number; unitPrice: string };

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  number: text('number').notNull(),
  status: text('status', { enum: ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned', 'exchanged', 'refunded'] }).notNull(),
  currency: text('currency').notNull(),
  amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
  items: jsonb('items').$type<OrderItem[]>().notNull().default([]),
  orderedAt: timestamp('ordered_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_number_key').on(t.workspaceId, t.number),
  index('orders_customer_idx').on(t.customerId, t.orderedAt),
]);

export const customerNotes = pgTable('customer_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('customer_notes_customer_idx').on(t.customerId, t.createdAt)]);
