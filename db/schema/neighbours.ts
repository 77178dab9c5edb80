import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, real, smallint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';

// Co-listening neighbours (lib/recommend/neighbours.ts). Built from counted plays by a job
// that reads only the plays counted since its last run: the counters below are its state.

/**
 * Per pair of tracks (track_a < track_b): how often listeners heard both close together in
 * time, each listener adding at most the per-listener cap to a pair. No foreign keys: a full
 * build writes millions of pairs, and checking two keys per row tripled its time on PGlite.
 * A deleted track's pairs stay behind harmlessly: neighbours are chosen through
 * track_play_weights, whose row goes with the track.
 */
export const trackPairCounts = pgTable(
  'track_pair_counts',
  {
    trackA: uuid().notNull(),
    trackB: uuid().notNull(),
    weight: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackA, t.trackB] }), index('track_pair_counts_b_idx').on(t.trackB), check('track_pair_counts_ordered', sql`${t.trackA} < ${t.trackB}`)],
);

/** Per track: its plays, each listener adding at most the per-listener cap (the cosine's norm). */
export const trackPlayWeights = pgTable('track_play_weights', {
  trackId: uuid()
    .primaryKey()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  weight: integer().notNull(),
});

/** Each track's nearest tracks by co-listening, at most 50, best first by score. */
export const trackNeighbours = pgTable(
  'track_neighbours',
  {
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    neighbourId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    score: real().notNull(),
    /** The pair's capped co-listening count: the evidence behind the score. */
    pairs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.neighbourId] }), index('track_neighbours_neighbour_idx').on(t.neighbourId)],
);

/** One row (id 1): how far the neighbour build has read the plays, and what its last run did. */
export const neighbourBuildState = pgTable(
  'neighbour_build_state',
  {
    id: smallint().primaryKey(),
    /** The last play read: its counted_at and session id (the order plays are read in). */
    lastCountedAt: timestamp({ withTimezone: true }),
    lastSessionId: uuid(),
    /** The minimum pair count the stored neighbours were chosen with (it grows with the listeners). */
    minSupport: integer().notNull().default(1),
    lastRunAt: timestamp({ withTimezone: true }),
    lastPlaysRead: integer().notNull().default(0),
    lastPairsUpdated: integer().notNull().default(0),
    lastTracksUpdated: integer().notNull().default(0),
    lastDurationMs: integer().notNull().default(0),
  },
  (t) => [check('neighbour_build_state_one_row', sql`${t.id} = 1`)],
);
