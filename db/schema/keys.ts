import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';

/**
 * The AES-128 key and IV of each HLS version of a track (tracks/<id>/v<version>/): every
 * encode makes new ones, so a key that leaked does not survive processing the track again.
 * Kept apart from the catalog: no catalog query selects from here, and only the key route
 * and the encoder read it. A version's key goes once a newer version is published.
 */
export const trackKeys = pgTable(
  'track_keys',
  {
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    keyHex: text().notNull(),
    ivHex: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.version] })],
);
