import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    /** Highest heartbeat `seq` applied; a beat at or below it changes nothing. */
    lastSeq: integer().notNull().default(0),
    lastBeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    positionMs: integer().notNull().default(0),
    /** Time actually heard, as the player reported it, capped by wall-clock time; never decreases. */
    heardMs: integer().notNull().default(0),
    /** Set once, when the session became a play. */
    countedAt: timestamp({ withTimezone: true }),
    /** Set once: by the player's last beat, or by the sweeper after a silence. Ended uncounted = a skip. */
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('listening_sessions_user_track_idx').on(t.userId, t.trackId, t.startedAt),
    // Open sessions, for the sweeper and "listening now". Not on last_beat_at: every beat
    // changes that, and a beat that changes no indexed column is a HOT update (no index writes).
    index('listening_sessions_open_idx').on(t.startedAt).where(sql`${t.endedAt} is null`),
    // A listener's history: plays by when they counted, minutes heard by when sessions started.
    index('listening_sessions_user_counted_idx').on(t.userId, t.countedAt).where(sql`${t.countedAt} is not null`),
    index('listening_sessions_user_started_idx').on(t.userId, t.startedAt),
  ],
);
