import { bigint, index, integer, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';
import { users } from './users';

// Counters kept by the heartbeat route and the sweeper, in the same transaction that marks
// a session counted or ended: each session adds to them exactly once.

/** All-time plays and skips of a track. */
export const trackStats = pgTable('track_stats', {
  trackId: uuid()
    .primaryKey()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  plays: integer().notNull().default(0),
  skips: integer().notNull().default(0),
  lastPlayedAt: timestamp({ withTimezone: true }),
});

/** How often one listener played one track. */
export const userTrackPlays = pgTable(
  'user_track_plays',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    plays: integer().notNull().default(0),
    lastPlayedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.trackId] }),
    // "Popular": how many listeners played each track lately.
    index('user_track_plays_last_played_idx').on(t.lastPlayedAt),
  ],
);

/**
 * Per track and UTC hour: plays counted, skips and time heard in that hour. Popular lists
 * and admin analytics read this instead of the sessions.
 */
export const listeningHourly = pgTable(
  'listening_hourly',
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    plays: integer().notNull().default(0),
    skips: integer().notNull().default(0),
    msHeard: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.trackId] })],
);
