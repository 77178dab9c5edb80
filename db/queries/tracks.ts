import { and, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { isUniqueViolation } from '../errors';
import { albums, artists, trackFeatures, trackKeys, tracks, type TrackStatus } from '../schema';

export type TrackRow = typeof tracks.$inferSelect;
export type TrackPatch = Partial<Omit<typeof tracks.$inferInsert, 'id' | 'createdAt'>>;

/** A track as pages and the API show it: names joined, never keys. */
export type TrackSummary = {
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  artistId: string | null;
  albumId: string | null;
  status: TrackStatus;
  progress: number;
  stage: string | null;
  error: string | null;
  durationMs: number | null;
  coverKey: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  genre: string | null;
  originalFilename: string;
  duplicateOf: string | null;
  integratedLufs: number | null;
  truePeakDb: number | null;
  gainDb: number | null;
  createdAt: Date;
};

/** The columns of a TrackSummary (join artists and albums). */
export const trackSummaryColumns = {
  id: tracks.id,
  title: tracks.title,
  artist: artists.name,
  album: albums.title,
  artistId: tracks.artistId,
  albumId: tracks.albumId,
  status: tracks.status,
  progress: tracks.progress,
  stage: tracks.stage,
  error: tracks.error,
  durationMs: tracks.durationMs,
  coverKey: tracks.coverKey,
  trackNo: tracks.trackNo,
  discNo: tracks.discNo,
  year: tracks.year,
  genre: tracks.genre,
  originalFilename: tracks.originalFilename,
  duplicateOf: tracks.duplicateOf,
  integratedLufs: tracks.integratedLufs,
  truePeakDb: tracks.truePeakDb,
  gainDb: tracks.gainDb,
  createdAt: tracks.createdAt,
};

const summary = trackSummaryColumns;

export async function insertTrack(db: Db, values: typeof tracks.$inferInsert): Promise<TrackRow> {
  const [row] = await db.insert(tracks).values(values).returning();
  return row!;
}

export async function getTrackRow(db: Db, id: string): Promise<TrackRow | undefined> {
  const [row] = await db.select().from(tracks).where(eq(tracks.id, id));
  return row;
}

export async function getTrackSummary(db: Db, id: string): Promise<TrackSummary | undefined> {
  const [row] = await db.select(trackSummaryColumns).from(tracks).leftJoin(artists, eq(artists.id, tracks.artistId)).leftJoin(albums, eq(albums.id, tracks.albumId)).where(eq(tracks.id, id));
  return row;
}

export async function listTrackSummaries(db: Db, page: { limit: number; offset: number; status?: TrackStatus }): Promise<TrackSummary[]> {
  return db
    .select(trackSummaryColumns)
    .from(tracks)
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(page.status ? eq(tracks.status, page.status) : undefined)
    .orderBy(desc(tracks.createdAt))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countTracksByStatus(db: Db): Promise<Partial<Record<TrackStatus, number>>> {
  const rows = await db.select({ status: tracks.status, n: sql<number>`count(*)::int` }).from(tracks).groupBy(tracks.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Updates a track only while it is in one of `from` (a status transition); false otherwise. */
export async function updateTrackIf(db: Db, id: string, from: TrackStatus[], patch: TrackPatch): Promise<boolean> {
  const rows = await db.update(tracks).set(patch).where(and(eq(tracks.id, id), inArray(tracks.status, from))).returning({ id: tracks.id });
  return rows.length === 1;
}

export async function updateTrack(db: Db, id: string, patch: TrackPatch): Promise<void> {
  await db.update(tracks).set(patch).where(eq(tracks.id, id));
}

export async function deleteTrackRow(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(tracks).where(eq(tracks.id, id)).returning({ id: tracks.id });
  return rows.length === 1;
}

/** A track as a duplicate upload names it. */
export type TrackRef = { id: string; title: string; status: TrackStatus };

/** The track whose original has these bytes (uploads still in progress do not count). */
export async function findTrackByContentHash(db: Db, sha256: string): Promise<TrackRef | undefined> {
  const [row] = await db
    .select({ id: tracks.id, title: tracks.title, status: tracks.status })
    .from(tracks)
    .where(and(eq(tracks.contentSha256, sha256), ne(tracks.status, 'uploading')))
    .limit(1);
  return row;
}

/**
 * Records the hash of a track's original. When another track already has it, nothing is
 * recorded and that track is returned: the unique index decides, so two at once cannot both win.
 */
export async function claimContentHash(db: Db, trackId: string, sha256: string, retry = true): Promise<TrackRef | undefined> {
  try {
    await db.update(tracks).set({ contentSha256: sha256 }).where(eq(tracks.id, trackId));
    return undefined;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const holder = await findTrackByContentHash(db, sha256);
    if (holder) return holder;
    if (!retry) throw error;
    return claimContentHash(db, trackId, sha256, false); // the holder went meanwhile (deleted)
  }
}

/** Tracks hidden for deletion whose removal was not finished by `before` (a failure, a crash). */
export async function listTracksBeingDeleted(db: Db, before: Date): Promise<string[]> {
  const rows = await db.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.status, 'deleting'), lt(tracks.updatedAt, before)));
  return rows.map((r) => r.id);
}

/** Uploads started but never completed before `before`. */
export async function listStaleUploads(db: Db, before: Date): Promise<string[]> {
  const rows = await db.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.status, 'uploading'), lt(tracks.createdAt, before)));
  return rows.map((r) => r.id);
}

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The artist of this name, created when new. */
export async function upsertArtist(db: Db, name: string, musicbrainzId?: string | null): Promise<string> {
  const [row] = await db
    .insert(artists)
    .values({ name: name.trim(), nameKey: nameKey(name), musicbrainzId: musicbrainzId ?? null })
    .onConflictDoUpdate({ target: artists.nameKey, set: { musicbrainzId: sql`coalesce(${artists.musicbrainzId}, excluded.musicbrainz_id)` } })
    .returning({ id: artists.id });
  return row!.id;
}

export async function upsertAlbum(db: Db, values: { title: string; artistId: string; year?: number | null; musicbrainzId?: string | null; coverKey?: string | null }): Promise<string> {
  const [row] = await db
    .insert(albums)
    .values({ title: values.title.trim(), titleKey: nameKey(values.title), artistId: values.artistId, year: values.year ?? null, musicbrainzId: values.musicbrainzId ?? null, coverKey: values.coverKey ?? null })
    .onConflictDoUpdate({
      target: [albums.artistId, albums.titleKey],
      set: {
        year: sql`coalesce(${albums.year}, excluded.year)`,
        musicbrainzId: sql`coalesce(${albums.musicbrainzId}, excluded.musicbrainz_id)`,
        coverKey: sql`coalesce(${albums.coverKey}, excluded.cover_key)`,
      },
    })
    .returning({ id: albums.id });
  return row!.id;
}

/**
 * Stores the key of one version of a track unless it has one, and returns the stored one: a
 * retry of the same encode never makes a second key; a new version always gets a new one.
 */
export async function ensureTrackKey(db: Db, trackId: string, version: number, fresh: { keyHex: string; ivHex: string }): Promise<{ keyHex: string; ivHex: string }> {
  await db.insert(trackKeys).values({ trackId, version, ...fresh }).onConflictDoNothing();
  const [row] = await db.select({ keyHex: trackKeys.keyHex, ivHex: trackKeys.ivHex }).from(trackKeys).where(and(eq(trackKeys.trackId, trackId), eq(trackKeys.version, version)));
  return row!;
}

export async function hasTrackKey(db: Db, trackId: string, version: number): Promise<boolean> {
  const [row] = await db.select({ id: trackKeys.trackId }).from(trackKeys).where(and(eq(trackKeys.trackId, trackId), eq(trackKeys.version, version)));
  return !!row;
}

/** One version's key, or (no version) every key of the track. */
export async function deleteTrackKey(db: Db, trackId: string, version?: number): Promise<void> {
  await db.delete(trackKeys).where(and(eq(trackKeys.trackId, trackId), version === undefined ? undefined : eq(trackKeys.version, version)));
}

/** The keys of versions older than `version`, once it is published: they decrypt nothing listeners get. */
export async function deleteOlderTrackKeys(db: Db, trackId: string, version: number): Promise<void> {
  await db.delete(trackKeys).where(and(eq(trackKeys.trackId, trackId), lt(trackKeys.version, version)));
}

export async function upsertTrackFeatures(db: Db, trackId: string, values: { extractorVersion: number; embedding: number[]; raw: Record<string, unknown> }): Promise<void> {
  await db
    .insert(trackFeatures)
    .values({ trackId, ...values })
    .onConflictDoUpdate({ target: trackFeatures.trackId, set: { ...values, createdAt: new Date() } });
}

/**
 * Ready tracks whose features an older extractor made (or none did), in id order after
 * `after`: what the features refresh re-analyses next.
 */
export async function listTracksWithOutdatedFeatures(db: Db, version: number, page: { after: string | null; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: tracks.id })
    .from(tracks)
    .leftJoin(trackFeatures, eq(trackFeatures.trackId, tracks.id))
    .where(and(eq(tracks.status, 'ready'), sql`(${trackFeatures.trackId} is null or ${trackFeatures.extractorVersion} < ${version})`, page.after ? sql`${tracks.id} > ${page.after}` : undefined))
    .orderBy(tracks.id)
    .limit(page.limit);
  return rows.map((r) => r.id);
}

export async function getTrackFeatures(db: Db, trackId: string) {
  const [row] = await db.select().from(trackFeatures).where(eq(trackFeatures.trackId, trackId));
  return row;
}

export async function deleteTrackFeatures(db: Db, trackId: string): Promise<void> {
  await db.delete(trackFeatures).where(eq(trackFeatures.trackId, trackId));
}
