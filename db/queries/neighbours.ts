import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { neighbourBuildState, trackNeighbours, trackPairCounts, trackPlayWeights, tracks } from '../schema';

/** What one batch of the neighbour build is told (lib/recommend/neighbours.ts chooses these). */
export type NeighbourBuildParams = {
  /** Plays that counted after this are left for a later run (transactions still committing). */
  upTo: Date;
  /** Read at most this many plays in one batch; the next batch continues from the last one read. */
  maxPlays: number;
  /** Two plays by one listener at most this far apart (by when they started) make a pair. */
  windowMs: number;
  /** One listener adds at most this much to a pair's count, and to a track's play weight. */
  cap: number;
  /** Shrinkage: score × pairs / (pairs + lambda), so rare pairs rank below well-attested ones. */
  lambda: number;
  /** How many neighbours a track keeps. */
  keep: number;
  /** The minimum pair count, from how many listeners there are. */
  minSupport: (listeners: number) => number;
};

export type NeighbourBatch = { playsRead: number; pairsUpdated: number; tracksUpdated: number; more: boolean };

export type NeighbourBuildState = {
  lastRunAt: Date | null;
  lastPlaysRead: number;
  lastPairsUpdated: number;
  lastTracksUpdated: number;
  lastDurationMs: number;
  lastCountedAt: Date | null;
};

type Watermark = { at: string; id: string } | null;

const ts = (d: Date | string) => sql`${typeof d === 'string' ? d : d.toISOString()}::timestamptz`;

/** `alias` read by the watermark: its (counted_at, id) is at or before it. */
const readBy = (alias: string, w: Watermark): SQL =>
  w ? sql`(${sql.raw(alias)}.counted_at, ${sql.raw(alias)}.id) <= (${ts(w.at)}, ${w.id}::uuid)` : sql`false`;

/** The score of a pair of `pairs` between tracks weighing `wa` and `wb`: item-kNN cosine with shrinkage. */
const score = (pairs: SQL, wa: SQL, wb: SQL, lambda: number) =>
  sql`((${pairs})::float8 / sqrt((${wa})::float8 * (${wb})::float8) * (${pairs})::float8 / ((${pairs})::float8 + ${lambda}::float8))::real`;

async function lockState(db: Db): Promise<{ wm: Watermark; minSupport: number }> {
  await db.insert(neighbourBuildState).values({ id: 1 }).onConflictDoNothing();
  const [row] = rowsOf<{ at: string | null; id: string | null; min_support: number }>(
    await db.execute(sql`select last_counted_at::text as at, last_session_id as id, min_support from neighbour_build_state where id = 1 for update`),
  );
  return { wm: row!.at && row!.id ? { at: row!.at, id: row!.id } : null, minSupport: row!.min_support };
}

/**
 * One batch of the incremental build, in the caller's transaction: reads the plays counted
 * since the last batch (at most `maxPlays`), adds the pairs they make with the same
 * listener's plays within the window (capped per listener: a listener's count for a pair is
 * recomputed from their own plays, at most `cap` rows read), and chooses again the
 * neighbours of every track whose counts changed. Neighbours of other tracks that list a
 * changed track get its new score in place. Skips (sessions never counted) are never read.
 */
export async function runNeighbourBatch(db: Db, p: NeighbourBuildParams): Promise<NeighbourBatch> {
  const { wm, minSupport: previousSupport } = await lockState(db);
  const window = sql`make_interval(secs => ${p.windowMs / 1000}::float8)`;
  await db.execute(sql`
    create temp table nb_new on commit drop as
    select id, user_id, track_id, started_at, counted_at from listening_sessions
    where counted_at is not null and counted_at <= ${ts(p.upTo)}
      ${wm ? sql`and (counted_at, id) > (${ts(wm.at)}, ${wm.id}::uuid)` : sql``}
    order by counted_at, id limit ${p.maxPlays}`);
  const [last] = rowsOf<{ at: string | null; id: string | null; n: number }>(
    await db.execute(sql`select (select counted_at::text from nb_new order by counted_at desc, id desc limit 1) as at,
      (select id from nb_new order by counted_at desc, id desc limit 1) as id, (select count(*)::int from nb_new) as n`),
  );
  if (!last || last.n === 0) return { playsRead: 0, pairsUpdated: 0, tracksUpdated: 0, more: false };
  const next: Watermark = { at: last.at!, id: last.id! };

  // Each pair of plays once: a new play with an older one already read, or two new plays in order.
  await db.execute(sql`
    create temp table nb_events on commit drop as
    select p.user_id, least(p.track_id, q.track_id) as a, greatest(p.track_id, q.track_id) as b, count(*)::int as k
    from nb_new p
    join listening_sessions q on q.user_id = p.user_id
      and q.started_at between p.started_at - ${window} and p.started_at + ${window}
      and q.counted_at is not null and q.track_id <> p.track_id
    where ${readBy('q', next)}
      and (${readBy('q', wm)} or (q.started_at, q.id) < (p.started_at, p.id))
    group by 1, 2, 3`);
  const priorPairs = wm
    ? sql`(select count(*)::int from (select 1 from listening_sessions x
        join listening_sessions y on y.user_id = x.user_id and y.track_id = e.b and y.counted_at is not null
          and y.started_at between x.started_at - ${window} and x.started_at + ${window} and ${readBy('y', wm)}
        where x.user_id = e.user_id and x.track_id = e.a and x.counted_at is not null and ${readBy('x', wm)}
        limit ${p.cap}) z)`
    : sql`0`;
  const pairsUpdated = rowsOf<{ a: string }>(
    await db.execute(sql`
      insert into track_pair_counts (track_a, track_b, weight)
      select a, b, sum(least(${p.cap}, prior + k) - least(${p.cap}, prior))::int
      from (select e.*, ${priorPairs} as prior from nb_events e) e
      group by a, b having sum(least(${p.cap}, prior + k) - least(${p.cap}, prior)) > 0
      order by a, b
      on conflict (track_a, track_b) do update set weight = track_pair_counts.weight + excluded.weight
      returning track_a as a`),
  ).length;

  const priorPlays = wm
    ? sql`(select count(*)::int from (select 1 from listening_sessions x
        where x.user_id = n.user_id and x.track_id = n.track_id and x.counted_at is not null and ${readBy('x', wm)} limit ${p.cap}) z)`
    : sql`0`;
  await db.execute(sql`
    create temp table nb_touched on commit drop as
    with plays as (
      insert into track_play_weights (track_id, weight)
      select track_id, sum(least(${p.cap}, prior + k) - least(${p.cap}, prior))::int
      from (select n.user_id, n.track_id, count(*)::int as k, ${priorPlays} as prior from nb_new n group by n.user_id, n.track_id) n
      group by track_id having sum(least(${p.cap}, prior + k) - least(${p.cap}, prior)) > 0
      on conflict (track_id) do update set weight = track_play_weights.weight + excluded.weight
      returning track_id
    )
    select track_id as id from plays union select a from nb_events union select b from nb_events`);

  const [{ listeners }] = rowsOf<{ listeners: number }>(await db.execute(sql`select count(*)::int as listeners from listening_clocks`)) as [{ listeners: number }];
  const minSupport = p.minSupport(listeners);
  if (minSupport !== previousSupport) {
    // Every list was chosen with another threshold: choose all of them again.
    await db.execute(sql`insert into nb_touched select track_id from track_play_weights except select id from nb_touched`);
  }
  const tracksUpdated = await chooseNeighbours(db, p, minSupport);
  await db
    .update(neighbourBuildState)
    .set({ lastCountedAt: sql`${ts(next.at)}`, lastSessionId: next.id, minSupport })
    .where(eq(neighbourBuildState.id, 1));
  return { playsRead: last.n, pairsUpdated, tracksUpdated, more: last.n >= p.maxPlays };
}

/** Chooses the neighbours of every track in nb_touched again, and rescores them where other tracks list them. */
async function chooseNeighbours(db: Db, p: NeighbourBuildParams, minSupport: number): Promise<number> {
  await db.execute(sql`delete from track_neighbours where track_id in (select id from nb_touched)`);
  await db.execute(sql`
    insert into track_neighbours (track_id, neighbour_id, score, pairs)
    select t, n, s, w from (
      select c.t, c.n, c.w, ${score(sql`c.w`, sql`wa.weight`, sql`wb.weight`, p.lambda)} as s,
        row_number() over (partition by c.t order by ${score(sql`c.w`, sql`wa.weight`, sql`wb.weight`, p.lambda)} desc, c.n) as r
      from (
        select pc.track_a as t, pc.track_b as n, pc.weight as w from track_pair_counts pc join nb_touched x on x.id = pc.track_a where pc.weight >= ${minSupport}
        union all
        select pc.track_b, pc.track_a, pc.weight from track_pair_counts pc join nb_touched x on x.id = pc.track_b where pc.weight >= ${minSupport}
      ) c
      join track_play_weights wa on wa.track_id = c.t
      join track_play_weights wb on wb.track_id = c.n
    ) ranked where r <= ${p.keep}`);
  await db.execute(sql`
    update track_neighbours tn set score = ${score(sql`tn.pairs`, sql`wa.weight`, sql`wb.weight`, p.lambda)}
    from track_play_weights wa, track_play_weights wb
    where tn.neighbour_id in (select id from nb_touched) and tn.track_id not in (select id from nb_touched)
      and wa.track_id = tn.track_id and wb.track_id = tn.neighbour_id`);
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from nb_touched`));
  return row!.n;
}

/** Records what the last run did, for /admin/jobs. */
export async function recordNeighbourRun(db: Db, run: { at: Date; playsRead: number; pairsUpdated: number; tracksUpdated: number; durationMs: number }) {
  await db
    .insert(neighbourBuildState)
    .values({ id: 1, lastRunAt: run.at, lastPlaysRead: run.playsRead, lastPairsUpdated: run.pairsUpdated, lastTracksUpdated: run.tracksUpdated, lastDurationMs: run.durationMs })
    .onConflictDoUpdate({
      target: neighbourBuildState.id,
      set: { lastRunAt: run.at, lastPlaysRead: run.playsRead, lastPairsUpdated: run.pairsUpdated, lastTracksUpdated: run.tracksUpdated, lastDurationMs: run.durationMs },
    });
}

/** Forgets everything the build has counted, so the next run reads every play again. */
export async function resetNeighbours(db: Db): Promise<void> {
  await db.delete(trackNeighbours);
  await db.delete(trackPairCounts);
  await db.delete(trackPlayWeights);
  await db.update(neighbourBuildState).set({ lastCountedAt: null, lastSessionId: null, minSupport: 1 });
}

export async function getNeighbourBuildState(db: Db): Promise<NeighbourBuildState | null> {
  const [row] = await db
    .select({
      lastRunAt: neighbourBuildState.lastRunAt,
      lastPlaysRead: neighbourBuildState.lastPlaysRead,
      lastPairsUpdated: neighbourBuildState.lastPairsUpdated,
      lastTracksUpdated: neighbourBuildState.lastTracksUpdated,
      lastDurationMs: neighbourBuildState.lastDurationMs,
      lastCountedAt: neighbourBuildState.lastCountedAt,
    })
    .from(neighbourBuildState)
    .where(eq(neighbourBuildState.id, 1));
  return row ?? null;
}

export type TrackNeighbour = { trackId: string; score: number; pairs: number };

/** A track's co-listening neighbours that are ready to play, best first. */
export async function getTrackNeighbours(db: Db, trackId: string, limit: number): Promise<TrackNeighbour[]> {
  return db
    .select({ trackId: trackNeighbours.neighbourId, score: trackNeighbours.score, pairs: trackNeighbours.pairs })
    .from(trackNeighbours)
    .innerJoin(tracks, and(eq(tracks.id, trackNeighbours.neighbourId), eq(tracks.status, 'ready')))
    .where(eq(trackNeighbours.trackId, trackId))
    .orderBy(desc(trackNeighbours.score), trackNeighbours.neighbourId)
    .limit(limit);
}

export type SeedNeighbour = { seedId: string; trackId: string; score: number };

/** The co-listening neighbours of each seed (ready tracks only), as built by the neighbours job. */
export async function listNeighboursOfSeeds(db: Db, seedIds: string[]): Promise<SeedNeighbour[]> {
  if (seedIds.length === 0) return [];
  const result = await db.execute(sql`
    select n.track_id as "seedId", n.neighbour_id as "trackId", n.score
    from track_neighbours n join tracks t on t.id = n.neighbour_id and t.status = 'ready'
    where n.track_id in (${sql.join(seedIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return rowsOf<SeedNeighbour>(result).map((r) => ({ ...r, score: Number(r.score) }));
}
