import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { users } from './users';

/** `deleting`: hidden from listeners while its files are removed; the row goes last. */
export const trackStatus = pgEnum('track_status', ['uploading', 'uploaded', 'processing', 'ready', 'failed', 'deleting']);
export type TrackStatus = (typeof trackStatus.enumValues)[number];

/**
 * Search indexes write every entry in place: with GIN's default pending list, entries wait
 * for a VACUUM that PGlite never runs (no autovacuum), and every search reads the list.
 */
const noPendingList = { fastupdate: false };

export const artists = pgTable(
  'artists',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** Lower-cased, trimmed name: "The Band" and "the band " are one artist. */
    nameKey: text().notNull(),
    musicbrainzId: text(),
    /** The name as search sees it: lower case, accents and ligatures folded (mist_fold). */
    nameFolded: text().generatedAlwaysAs(sql`mist_fold(name)`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('artists_name_key_unique').on(t.nameKey),
    index('artists_name_folded_trgm').using('gin', t.nameFolded.op('gin_trgm_ops')).with(noPendingList),
    index('artists_name_folded_prefix').on(sql`${t.nameFolded} collate "C"`),
    // The library's artist grid, by name: keyset pages (name, id).
    index('artists_name_keyset').on(sql`${t.nameFolded} collate "C"`, t.id),
  ],
);

export const albums = pgTable(
  'albums',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    titleKey: text().notNull(),
    /** The album artist (or the track artist when untagged). */
    artistId: uuid()
      .notNull()
      .references(() => artists.id),
    year: integer(),
    musicbrainzId: text(),
    coverKey: text(),
    titleFolded: text().generatedAlwaysAs(sql`mist_fold(title)`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('albums_artist_title_unique').on(t.artistId, t.titleKey),
    index('albums_title_folded_trgm').using('gin', t.titleFolded.op('gin_trgm_ops')).with(noPendingList),
    index('albums_title_folded_prefix').on(sql`${t.titleFolded} collate "C"`),
    // The library's album grid: one index per sort, each ending in the id so that keyset
    // pages break ties the same way every time (db/queries/library.ts).
    index('albums_created_keyset').on(t.createdAt, t.id),
    index('albums_title_keyset').on(sql`${t.titleFolded} collate "C"`, t.id),
    index('albums_year_keyset').on(sql`(-coalesce(${t.year}, -1))`, sql`${t.titleFolded} collate "C"`, t.id),
    index('albums_artist_keyset').on(t.artistId, sql`${t.titleFolded} collate "C"`, t.id),
  ],
);

export const tracks = pgTable(
  'tracks',
  {
    id: uuid().primaryKey().defaultRandom(),
    status: trackStatus().notNull().default('uploading'),
    /** 0–100 while processing; the stage names what is happening. */
    progress: integer().notNull().default(0),
    stage: text(),
    error: text(),
    title: text().notNull(),
    artistId: uuid().references(() => artists.id),
    albumId: uuid().references(() => albums.id),
    trackNo: integer(),
    discNo: integer(),
    year: integer(),
    genre: text(),
    /** Title and genre as search sees them (mist_fold): "theatre" finds "Théâtre". */
    titleFolded: text().generatedAlwaysAs(sql`mist_fold(title)`),
    genreFolded: text().generatedAlwaysAs(sql`mist_fold(genre)`),
    musicbrainzRecordingId: text(),
    originalFilename: text().notNull(),
    originalKey: text().notNull(),
    /**
     * sha-256 (hex) of the original's bytes: one track per file. Recorded as the bytes
     * arrive through MIST's upload route, or (presigned S3 uploads) while processing reads
     * them; it counts from upload completion on, and goes when the original is removed.
     */
    contentSha256: text(),
    /** The track this upload turned out to copy, when processing found it (it then failed). */
    duplicateOf: uuid().references((): AnyPgColumn => tracks.id, { onDelete: 'set null' }),
    declaredContentType: text().notNull(),
    sizeBytes: integer(),
    codec: text(),
    sampleRate: integer(),
    channels: integer(),
    durationMs: integer(),
    /** Published media live under tracks/<id>/v<hlsVersion>/; a reprocess writes a new version. */
    hlsVersion: integer().notNull().default(1),
    masterKey: text(),
    coverKey: text(),
    integratedLufs: real(),
    loudnessRange: real(),
    truePeakDb: real(),
    gainDb: real(),
    uploadedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    readyAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('tracks_status_created_idx').on(t.status, t.createdAt),
    index('tracks_album_idx').on(t.albumId, t.discNo, t.trackNo),
    index('tracks_artist_idx').on(t.artistId),
    index('tracks_ready_idx').on(t.readyAt).where(sql`${t.status} = 'ready'`),
    index('tracks_title_folded_trgm').using('gin', t.titleFolded.op('gin_trgm_ops')).with(noPendingList),
    index('tracks_title_folded_prefix').on(sql`${t.titleFolded} collate "C"`),
    index('tracks_genre_folded_trgm').using('gin', t.genreFolded.op('gin_trgm_ops')).with(noPendingList),
    // Library pages: the ready tracks of an artist (counts read the index only), and of a genre by title.
    index('tracks_ready_artist_idx').on(t.artistId, t.albumId).where(sql`${t.status} = 'ready'`),
    index('tracks_genre_keyset').on(t.genreFolded, sql`${t.titleFolded} collate "C"`, t.id).where(sql`${t.status} = 'ready' and ${t.genreFolded} is not null`),
    // An upload still in progress holds no claim: the hash counts once the upload completes.
    uniqueIndex('tracks_content_sha256_unique').on(t.contentSha256).where(sql`${t.contentSha256} is not null and ${t.status} <> 'uploading'`),
  ],
);
