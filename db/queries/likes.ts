import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
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

/** The listener's liked ready tracks, newest like first. */
export async function listLikedTracks(db: Db, userId: string, page: { limit: number; offset: number }): Promise<(TrackSummary & { likedAt: Date })[]> {
  return db
    .select({ ...trackSummaryColumns, likedAt: trackLikes.likedAt })
    .from(trackLikes)
    .innerJoin(tracks, eq(tracks.id, trackLikes.trackId))
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(and(eq(trackLikes.userId, userId), eq(tracks.status, 'ready')))
    .orderBy(desc(trackLikes.likedAt), asc(trackLikes.trackId))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countLikedTracks(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(trackLikes)
    .innerJoin(tracks, eq(tracks.id, trackLikes.trackId))
    .where(and(eq(trackLikes.userId, userId), eq(tracks.status, 'ready')));
  return row!.n;
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
