import { index, integer, jsonb, pgTable, timestamp, uuid, vector } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';

/** Must match lib/media/features/embedding.mjs (EMBEDDING_DIMENSIONS). */
export const EMBEDDING_DIMENSIONS = 48;

export const trackFeatures = pgTable(
  'track_features',
  {
    trackId: uuid()
      .primaryKey()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    /** Which extractor and layout made this row: a new extractor re-runs where this is older. */
    extractorVersion: integer().notNull(),
    embedding: vector({ dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    raw: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('track_features_embedding_hnsw').using('hnsw', t.embedding.op('vector_cosine_ops'))],
);
