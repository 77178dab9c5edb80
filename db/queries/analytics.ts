import { and, count, countDistinct, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { artists, listeningHourly, listeningSessions, tracks, trackStats } from '../schema';

// Admin analytics: everything but "active now" reads the hourly rollup, each in one pass
// (per day, per track), so the cost follows tracks and hours, never the number of sessions.

const h = listeningHourly;

export type DailyTotal = { day: string; plays: number; skips: number; msHeard: number };

/** Every UTC day from `firstDay` to `lastDay` (YYYY-MM-DD, inclusive), empty days included. */
export async function listDailyTotals(db: Db, range: { firstDay: string; lastDay: string }): Promise<DailyTotal[]> {
  const result = await db.execute(sql`
    with totals as (
      select (${h.hour} at time zone 'UTC')::date as day, sum(${h.plays}) as plays, sum(${h.skips}) as skips, sum(${h.msHeard}) as ms_heard
      from ${h}
      where ${h.hour} >= ${`${range.firstDay}T00:00:00Z`}::timestamptz and ${h.hour} < ${`${range.lastDay}T00:00:00Z`}::timestamptz + interval '1 day'
      group by 1
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(t.plays, 0)::int as plays, coalesce(t.skips, 0)::int as skips, coalesce(t.ms_heard, 0)::float8 as ms_heard
    from (select g::date as day from generate_series(${range.firstDay}::timestamp, ${range.lastDay}::timestamp, interval '1 day') g) d
    left join totals t on t.day = d.day
    order by d.day`);
  return rowsOf<{ day: string; plays: number; skips: number; ms_heard: number }>(result).map((r) => ({
    day: r.day,
    plays: Number(r.plays),
    skips: Number(r.skips),
    msHeard: Number(r.ms_heard),
  }));
}

export type TrackTotal = {
  trackId: string;
  title: string;
  artistId: string | null;
  artist: string | null;
  plays: number;
  skips: number;
  msHeard: number;
  allTimePlays: number;
};

/** Plays, skips and time heard of every track heard since `since` (whole UTC hours), with its labels. */
export async function listTrackTotals(db: Db, since: Date): Promise<TrackTotal[]> {
  const totals = db.$with('totals').as(
    db
      .select({
        trackId: h.trackId,
        // Names unique in the outer query, where drizzle leaves them unqualified.
        plays: sql<number>`sum(${h.plays})::int`.as('window_plays'),
        skips: sql<number>`sum(${h.skips})::int`.as('window_skips'),
        msHeard: sql<number>`sum(${h.msHeard})::float8`.as('window_ms_heard'),
      })
      .from(h)
      .where(gte(h.hour, sql`date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')`))
      .groupBy(h.trackId),
  );
  const rows = await db
    .with(totals)
    .select({
      trackId: totals.trackId,
      title: tracks.title,
      artistId: tracks.artistId,
      artist: artists.name,
      plays: totals.plays,
      skips: totals.skips,
      msHeard: totals.msHeard,
      allTimePlays: sql<number>`coalesce(${trackStats.plays}, 0)`,
    })
    .from(totals)
    .innerJoin(tracks, eq(tracks.id, totals.trackId))
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(trackStats, eq(trackStats.trackId, totals.trackId));
  return rows.map((r) => ({ ...r, plays: Number(r.plays), skips: Number(r.skips), msHeard: Number(r.msHeard), allTimePlays: Number(r.allTimePlays) }));
}

/** Open sessions with a beat (or a start) in the last `withinSeconds`: the open-sessions index. */
export async function countActiveListeners(db: Db, withinSeconds: number): Promise<{ listeners: number; sessions: number }> {
  const s = listeningSessions;
  const [row] = await db
    .select({ listeners: countDistinct(s.userId), sessions: count() })
    .from(s)
    .where(and(isNull(s.endedAt), gt(s.lastBeatAt, sql`now() - make_interval(secs => ${withinSeconds})`)));
  return { listeners: Number(row?.listeners ?? 0), sessions: Number(row?.sessions ?? 0) };
}
