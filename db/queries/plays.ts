import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { listeningHourly, tracks, trackStats, userTrackPlays } from '../schema';

export type PopularTrack = { trackId: string; listeners: number; plays: number; msHeard: number };

/**
 * Ready tracks by how many listeners played them since `since`, most first: a listener
 * counts once however often they played it, so no one account can top the list. Ties go to
 * plays, then time heard (from the hourly rollup). The hour that contains `since` counts whole.
 */
export async function listPopularTracks(db: Db, options: { since: Date; limit: number }): Promise<PopularTrack[]> {
  const since = sql`date_trunc('hour', ${options.since.toISOString()}::timestamptz, 'UTC')`;
  const byListeners = db
    .select({ trackId: userTrackPlays.trackId, listeners: sql<number>`count(*)::int`.as('listeners') })
    .from(userTrackPlays)
    .where(gte(userTrackPlays.lastPlayedAt, since))
    .groupBy(userTrackPlays.trackId)
    .as('l');
  const heard = db
    .select({ trackId: listeningHourly.trackId, plays: sql<number>`sum(${listeningHourly.plays})::int`.as('plays'), msHeard: sql<number>`sum(${listeningHourly.msHeard})::bigint`.as('ms_heard') })
    .from(listeningHourly)
    .where(gte(listeningHourly.hour, since))
    .groupBy(listeningHourly.trackId)
    .as('h');
  const plays = sql<number>`coalesce(${heard.plays}, 0)`;
  const msHeard = sql<number>`coalesce(${heard.msHeard}, 0)`;
  const rows = await db
    .select({ trackId: byListeners.trackId, listeners: byListeners.listeners, plays, msHeard })
    .from(byListeners)
    .innerJoin(tracks, and(eq(tracks.id, byListeners.trackId), eq(tracks.status, 'ready')))
    .leftJoin(heard, eq(heard.trackId, byListeners.trackId))
    .orderBy(desc(byListeners.listeners), desc(plays), desc(msHeard), byListeners.trackId)
    .limit(options.limit);
  return rows.map((r) => ({ ...r, plays: Number(r.plays), msHeard: Number(r.msHeard) }));
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
