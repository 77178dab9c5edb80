import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Values MIST generates once and every instance shares (e.g. the session signing secret). */
export const appSettings = pgTable('app_settings', {
  key: text().primaryKey(),
  value: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
