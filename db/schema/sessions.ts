import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * One signed-in browser: the session cookie carries this id (`sid`), and a cookie whose
 * session is revoked, or not here at all, is refused everywhere a cookie is accepted.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** "Firefox on Android": a summary of the User-Agent at sign-in, never the whole header. */
    device: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Moved forward at most every few minutes, not on every request. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set by sign-out, "sign out" on the account page, a password change or "sign out everywhere". */
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);
