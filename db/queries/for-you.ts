import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';

/** A track the listener showed taste for: a recent counted play or a like, newest first. */
export type TasteSeed = { trackId: string; title: string; source: 'play' | 'like' };

/**
 * The listener's most recent distinct counted plays and likes (each up to `limit`), ready
 * tracks only: what "For you" starts from.
 */
export async function listTasteSeeds(db: Db, userId: string, limit: number): Promise<TasteSeed[]> {
  const result = await db.execute(sql`
    with played as (
      select track_id, max(counted_at) as at from listening_sessions
      where user_id = ${userId} and counted_at is not null and counted_at > now() - interval '90 days'
      group by track_id order by at desc limit ${limit}
    ), liked as (
      select track_id, liked_at as at from track_likes where user_id = ${userId} order by liked_at desc limit ${limit}
    )
    select s.track_id as "trackId", t.title, s.source from (
      select track_id, at, 'play' as source from played
      union all select track_id, at, 'like' as source from liked
    ) s join tracks t on t.id = s.track_id and t.status = 'ready'
    order by s.at desc`);
  return rowsOf<TasteSeed>(result);
}

/**
 * Tracks the listener started in the last `days` days, heard to a play or skipped: "For you"
 * does not offer them again so soon.
 */
export async function listRecentlyStartedTrackIds(db: Db, userId: string, days: number): Promise<Set<string>> {
  const result = await db.execute(sql`
    select distinct track_id as "trackId" from listening_sessions
    where user_id = ${userId} and started_at > now() - make_interval(days => ${days})`);
  return new Set(rowsOf<{ trackId: string }>(result).map((r) => r.trackId));
}
