import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { albums, artists, listeningSessions, tracks } from '../schema';

export type HistoryRange = { granularity: 'hour' | 'day' | 'week' | 'month'; tz: string; from: Date; to: Date };
export type HistoryBucketRow = { start: string; end: string; plays: number; msHeard: number };

const s = listeningSessions;
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/**
 * Bucket boundaries (instants) covering [from, to) in the listener's zone, one row per bucket,
 * empty ones included. Day, week (from Monday) and month buckets start at local midnight, so
 * a day is 23 or 25 hours long across a DST change. Hour buckets step by real hours from the
 * local hour containing `from`, so the repeated hour of an autumn night is two buckets.
 */
function bucketBounds(r: HistoryRange) {
  const from = sql`${r.from.toISOString()}::timestamptz`;
  const last = sql`(${r.to.toISOString()}::timestamptz - interval '1 microsecond')`;
  const local = (t: ReturnType<typeof sql>) => sql`(${t} at time zone ${r.tz})`;
  if (r.granularity === 'hour') {
    return sql`select b as start, b + interval '1 hour' as stop
      from generate_series(${from} - (${local(from)} - date_trunc('hour', ${local(from)})), ${last}, interval '1 hour') b`;
  }
  const step = sql.raw(`interval '1 ${r.granularity}'`);
  return sql`select b at time zone ${r.tz} as start, (b + ${step}) at time zone ${r.tz} as stop
    from generate_series(date_trunc(${r.granularity}, ${local(from)}), ${local(last)}, ${step}) b`;
}

/**
 * One listener's plays (by when each session counted) and time heard (by when each session
 * started) per bucket, oldest first. Only `userId`'s sessions are read, through its indexes.
 */
export async function listHistoryBuckets(db: Db, userId: string, r: HistoryRange): Promise<HistoryBucketRow[]> {
  const result = await db.execute(sql`
    with buckets as (${bucketBounds(r)})
    select ${iso('b.start')} as start, ${iso('b.stop')} as "end",
      (select count(*) from ${s} where ${s.userId} = ${userId} and ${s.countedAt} >= b.start and ${s.countedAt} < b.stop)::int as plays,
      (select coalesce(sum(${s.heardMs}), 0) from ${s} where ${s.userId} = ${userId} and ${s.startedAt} >= b.start and ${s.startedAt} < b.stop)::float8 as ms_heard
    from buckets b
    order by b.start`);
  return rowsOf<{ start: string; end: string; plays: number; ms_heard: number }>(result).map((row) => ({
    start: row.start,
    end: row.end,
    plays: Number(row.plays),
    msHeard: Number(row.ms_heard),
  }));
}

export type RecentPlayRow = {
  sessionId: string;
  playedAt: Date;
  heardMs: number;
  trackId: string;
  title: string;
  artistId: string | null;
  artist: string | null;
  albumId: string | null;
  album: string | null;
  durationMs: number | null;
  coverKey: string | null;
  gainDb: number | null;
  truePeakDb: number | null;
};

/** One listener's counted plays of tracks that can still be played, newest first. */
export async function listRecentPlays(db: Db, userId: string, page: { limit: number; offset: number }): Promise<RecentPlayRow[]> {
  const rows = await db
    .select({
      sessionId: s.id,
      playedAt: s.countedAt,
      heardMs: s.heardMs,
      trackId: tracks.id,
      title: tracks.title,
      artistId: tracks.artistId,
      artist: artists.name,
      albumId: tracks.albumId,
      album: albums.title,
      durationMs: tracks.durationMs,
      coverKey: tracks.coverKey,
      gainDb: tracks.gainDb,
      truePeakDb: tracks.truePeakDb,
    })
    .from(s)
    .innerJoin(tracks, and(eq(tracks.id, s.trackId), eq(tracks.status, 'ready')))
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(and(eq(s.userId, userId), isNotNull(s.countedAt)))
    .orderBy(desc(s.countedAt), desc(s.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((r) => ({ ...r, playedAt: r.playedAt! }));
}

/**
 * The tracks this listener played last (counted plays), each once, most recent first: read
 * from their newest 200 plays through the listener's counted-plays index.
 */
export async function listRecentlyPlayedTrackIds(db: Db, userId: string, limit: number): Promise<string[]> {
  const rows = await db.execute(sql`
    select p.track_id as id from (
      select ${s.trackId} as track_id, ${s.countedAt} as counted_at from ${s}
      where ${s.userId} = ${userId} and ${s.countedAt} is not null order by ${s.countedAt} desc limit 200
    ) p join ${tracks} t on t.id = p.track_id and t.status = 'ready'
    group by p.track_id order by max(p.counted_at) desc limit ${limit}`);
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}
