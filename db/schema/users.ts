import { integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

export const userRole = pgEnum('user_role', ['user', 'admin']);
export type UserRole = (typeof userRole.enumValues)[number];

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Always stored lower-cased, so the unique constraint is case-insensitive. */
  email: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  role: userRole().notNull().default('user'),
  disabledAt: timestamp({ withTimezone: true }),
  /** Bumped when the password changes or the account is disabled: older sessions stop working. */
  sessionVersion: integer().notNull().default(0),
  ...timestamps(),
});
