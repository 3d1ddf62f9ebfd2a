import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../identity/schema.js';

export const wrapUpKinds = ['reason', 'disposition'] as const;

/** The wrap-up lists: why customers contact us (contact reasons) and how a contact ended (dispositions). */
export const wrapUpCodes = pgTable('wrap_up_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: wrapUpKinds }).notNull(),
  label: text('label').notNull(),
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [uniqueIndex('wrap_up_codes_label_key').on(t.workspaceId, t.kind, t.label)]);
