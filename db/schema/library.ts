import { sql } from 'drizzle-orm';
import { index, boolean, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SmartRules } from '../../lib/library/smart-rules';
import { tracks } from './catalog';
import { timestamps } from './columns';
import { users } from './users';

/** A listener's liked tracks. Deleting the track (or the user) removes the like. */
export const trackLikes = pgTable(
  'track_likes',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    likedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackId] }), index('track_likes_user_liked_idx').on(t.userId, t.likedAt.desc(), t.trackId)],
);

export const playlists = pgTable(
  'playlists',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    isPublic: boolean().notNull().default(false),
    /**
     * A smart playlist's rules (lib/library/smart-rules.ts), evaluated when it is opened; it
     * then has no items. null: an ordinary playlist.
     */
    rules: jsonb().$type<SmartRules>(),
    /** The name as search sees it (mist_fold, as artists' and albums' names). */
    nameFolded: text().generatedAlwaysAs(sql`mist_fold(name)`),
    ...timestamps(),
  },
  (t) => [
    index('playlists_owner_idx').on(t.ownerId, t.updatedAt),
    index('playlists_public_idx').on(t.updatedAt).where(sql`${t.isPublic}`),
    index('playlists_name_folded_trgm').using('gin', t.nameFolded.op('gin_trgm_ops')).with({ fastupdate: false }),
    index('playlists_name_folded_prefix').on(sql`${t.nameFolded} collate "C"`),
  ],
);

/**
 * One entry of a playlist (a track may appear more than once). `position` is a fractional
 * key (lib/library/position-keys.ts) ordered byte-wise (COLLATE "C", set in the migration):
 * a move or an insert writes one row, never renumbers the list.
 */
export const playlistItems = pgTable(
  'playlist_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    playlistId: uuid()
      .notNull()
      .references(() => playlists.id, { onDelete: 'cascade' }),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    position: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('playlist_items_position_unique').on(t.playlistId, t.position), index('playlist_items_track_idx').on(t.trackId)],
);
