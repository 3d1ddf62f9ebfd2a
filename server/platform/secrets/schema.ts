import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Server-wide secrets generated on first start (the master key when SECRET_KEY is not set). */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
