import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';
import { users } from './users';

/** One play of one track by one listener: what entitles the player to the track's key. */
export const listeningSessions = pgTable(
  'listening_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The browser's User-Agent, trimmed: which device played. */
    clientInfo: text(),
  },
  (t) => [index('listening_sessions_user_track_idx').on(t.userId, t.trackId, t.startedAt)],
);
