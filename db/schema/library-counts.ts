import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { artists } from './catalog';

// Counts the library grids sort by, kept by statement triggers on `tracks` (migration
// 0015_library_pages: each statement recounts the artists and genres whose ready tracks it
// changed), so "most tracks first" and the genre list read a small table, not 100,000 tracks.

/** An artist's ready tracks and the albums they are on. */
export const artistCounts = pgTable(
  'artist_counts',
  {
    artistId: uuid()
      .primaryKey()
      .references(() => artists.id, { onDelete: 'cascade' }),
    /** The artist's folded name (artists.name_folded; names never change): ties by name. */
    nameFolded: text().notNull(),
    trackCount: integer().notNull(),
    albumCount: integer().notNull(),
  },
  (t) => [index('artist_counts_tracks_keyset').on(sql`(-${t.trackCount})`, sql`${t.nameFolded} collate "C"`, t.artistId)],
);

/** A genre (folded: "Rock" and "rock" are one), its most common spelling and its ready tracks. */
export const genreCounts = pgTable('genre_counts', {
  genreFolded: text().primaryKey(),
  name: text().notNull(),
  trackCount: integer().notNull(),
});
