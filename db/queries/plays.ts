import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { listeningHourly, tracks, trackStats, userTrackPlays } from '../schema';

export type PopularTrack = { trackId: string; plays: number; msHeard: number };

/**
 * Ready tracks by plays counted since `since` (from the hourly rollup, so the hour that
 * contains `since` counts whole), most played first; ties by time heard.
 */
export async function listPopularTracks(db: Db, options: { since: Date; limit: number }): Promise<PopularTrack[]> {
  const plays = sql<number>`sum(${listeningHourly.plays})::int`;
  const msHeard = sql<number>`sum(${listeningHourly.msHeard})::bigint`;
  const rows = await db
    .select({ trackId: listeningHourly.trackId, plays, msHeard })
    .from(listeningHourly)
    .innerJoin(tracks, eq(tracks.id, listeningHourly.trackId))
    .where(and(gte(listeningHourly.hour, sql`date_trunc('hour', ${options.since.toISOString()}::timestamptz, 'UTC')`), eq(tracks.status, 'ready')))
    .groupBy(listeningHourly.trackId)
    .having(sql`sum(${listeningHourly.plays}) > 0`)
    .orderBy(desc(plays), desc(msHeard), listeningHourly.trackId)
    .limit(options.limit);
  return rows.map((r) => ({ ...r, msHeard: Number(r.msHeard) }));
}

/** How often this listener has played this track (0 when never). */
export async function getUserTrackPlays(db: Db, userId: string, trackId: string): Promise<{ plays: number; lastPlayedAt: Date | null }> {
  const [row] = await db
    .select({ plays: userTrackPlays.plays, lastPlayedAt: userTrackPlays.lastPlayedAt })
    .from(userTrackPlays)
    .where(and(eq(userTrackPlays.userId, userId), eq(userTrackPlays.trackId, trackId)));
  return row ?? { plays: 0, lastPlayedAt: null };
}

/** A track's all-time plays and skips. */
export async function getTrackPlayStats(db: Db, trackId: string): Promise<{ plays: number; skips: number }> {
  const [row] = await db.select({ plays: trackStats.plays, skips: trackStats.skips }).from(trackStats).where(eq(trackStats.trackId, trackId));
  return row ?? { plays: 0, skips: 0 };
}
