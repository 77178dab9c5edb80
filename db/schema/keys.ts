import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';

/**
 * The AES-128 key and IV of each track. Kept apart from the catalog: no catalog query
 * selects from here, and only the key route (later) and the encoder read it.
 */
export const trackKeys = pgTable('track_keys', {
  trackId: uuid()
    .primaryKey()
    .references(() => tracks.id, { onDelete: 'cascade' }),
  keyHex: text().notNull(),
  ivHex: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
