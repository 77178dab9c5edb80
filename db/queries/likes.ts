import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { albums, artists, trackLikes, tracks } from '../schema';
import { trackSummaryColumns, type TrackSummary } from './tracks';

/** Records the like once; liking again keeps the first time. */
export async function insertLike(db: Db, userId: string, trackId: string): Promise<void> {
  await db.insert(trackLikes).values({ userId, trackId }).onConflictDoNothing();
}

export async function deleteLike(db: Db, userId: string, trackId: string): Promise<void> {
  await db.delete(trackLikes).where(and(eq(trackLikes.userId, userId), eq(trackLikes.trackId, trackId)));
}

/**
 * Where a page of likes ends: the like's time in microseconds since 1970 (the column's own
 * precision: a Date's milliseconds would skip likes made within the same millisecond) and
 * its track.
 */
export type LikeCursor = { micros: string; trackId: string };

/** `after` a cursor, or `offset` rows skipped (the older way, kept for API clients). */
export type LikesPage = { limit: number } & ({ after: LikeCursor } | { offset: number });

/**
 * The listener's liked ready tracks, newest like first (ties by track id), each with the
 * cursor of the page that would follow it. After a cursor the rows come from the
 * (user, liked_at desc, track_id) index, so a page deep in the list costs what the first does,
 * and likes added meanwhile (newer, so before the cursor) neither repeat nor hide a row.
 */
export async function listLikedTracks(db: Db, userId: string, page: LikesPage): Promise<(TrackSummary & { likedAt: Date; cursor: LikeCursor })[]> {
  const micros = sql<string>`(extract(epoch from ${trackLikes.likedAt}) * 1000000)::bigint::text`;
  let where = and(eq(trackLikes.userId, userId), eq(tracks.status, 'ready'));
  if ('after' in page) {
    const at = sql`(timestamptz 'epoch' + ${page.after.micros}::bigint * interval '1 microsecond')`;
    where = and(where, or(lt(trackLikes.likedAt, at), and(eq(trackLikes.likedAt, at), gt(trackLikes.trackId, page.after.trackId))));
  }
  const rows = await db
    .select({ ...trackSummaryColumns, likedAt: trackLikes.likedAt, micros })
    .from(trackLikes)
    .innerJoin(tracks, eq(tracks.id, trackLikes.trackId))
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(where)
    .orderBy(desc(trackLikes.likedAt), asc(trackLikes.trackId))
    .limit(page.limit)
    .offset('offset' in page ? page.offset : 0);
  return rows.map(({ micros: m, ...row }) => ({ ...row, cursor: { micros: m, trackId: row.id } }));
}

/** How many ready tracks the listener likes, and their total length. */
export async function countLikedTracks(db: Db, userId: string): Promise<{ total: number; durationMs: number }> {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, durationMs: sql<number>`coalesce(sum(${tracks.durationMs}), 0)::float8` })
    .from(trackLikes)
    .innerJoin(tracks, eq(tracks.id, trackLikes.trackId))
    .where(and(eq(trackLikes.userId, userId), eq(tracks.status, 'ready')));
  return row!;
}

/** Which of `trackIds` the listener likes. */
export async function likedAmong(db: Db, userId: string, trackIds: string[]): Promise<string[]> {
  if (trackIds.length === 0) return [];
  const rows = await db
    .select({ trackId: trackLikes.trackId })
    .from(trackLikes)
    .where(and(eq(trackLikes.userId, userId), inArray(trackLikes.trackId, trackIds)));
  return rows.map((r) => r.trackId);
}
