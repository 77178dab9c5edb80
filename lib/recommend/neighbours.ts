import 'server-only';
import { type Db, runsOneTransactionAtATime } from '@/db/client';
import { getTrackNeighbours, recordNeighbourRun, resetNeighbours, runNeighbourBatch, type NeighbourBuildParams } from '@/db/queries/neighbours';
import { minSupportFor } from './support';

export { getTrackNeighbours };

/**
 * Co-listening neighbours, item-kNN style. Two tracks are a pair each time one listener heard
 * both within 30 minutes (by when the plays started); only counted plays are read, so a skip
 * (a session that ended before it counted) is neither liking nor disliking. One listener
 * adds at most 5 to a pair (as ListenBrainz caps) and at most 5 to a track's weight; a pair
 * scores pairs / sqrt(weight(a) · weight(b)) · pairs / (pairs + 2). A pair needs a minimum
 * count that grows with the number of listeners (see minSupportFor): 1 on a household
 * server, so one person's own sessions are evidence, 15 at 1,000,000 listeners.
 */
export const NEIGHBOUR_BUILD = {
  windowMs: 30 * 60_000,
  cap: 5,
  lambda: 2,
  keep: 50,
  /**
   * On PostgreSQL a play counted in the last minute may belong to a transaction still
   * committing (counted_at is when it began): those wait for the next run, never skipped
   * past. PGlite runs one transaction at a time, so every play counted before is committed.
   */
  settleMs: 60_000,
  maxPlays: 100_000,
} as const;

type BuildOptions = { now?: Date; maxPlays?: number; settleMs?: number };

export type NeighbourRun = { playsRead: number; pairsUpdated: number; tracksUpdated: number; batches: number; durationMs: number };

/**
 * Reads the plays counted since the last run, in batches of `maxPlays` (one transaction
 * each), until none are left, and records the run. Its cost follows the new plays and the
 * tracks they touch, not the history.
 */
export async function buildNeighbours(db: Db, options: BuildOptions = {}): Promise<NeighbourRun> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const settleMs = options.settleMs ?? (runsOneTransactionAtATime(db) ? 0 : NEIGHBOUR_BUILD.settleMs);
  const params: NeighbourBuildParams = {
    ...NEIGHBOUR_BUILD,
    upTo: new Date(now.getTime() - settleMs),
    maxPlays: options.maxPlays ?? NEIGHBOUR_BUILD.maxPlays,
    minSupport: minSupportFor,
  };
  const run: NeighbourRun = { playsRead: 0, pairsUpdated: 0, tracksUpdated: 0, batches: 0, durationMs: 0 };
  for (;;) {
    const batch = await db.transaction((tx) => runNeighbourBatch(tx, params));
    run.batches += 1;
    run.playsRead += batch.playsRead;
    run.pairsUpdated += batch.pairsUpdated;
    run.tracksUpdated += batch.tracksUpdated;
    if (!batch.more) break;
  }
  run.durationMs = Date.now() - started;
  await recordNeighbourRun(db, { at: now, ...run });
  return run;
}

/** Forgets the counts and reads every play again: the same result as the incremental runs. */
export async function rebuildAllNeighbours(db: Db, options: BuildOptions = {}): Promise<NeighbourRun> {
  await db.transaction((tx) => resetNeighbours(tx));
  return buildNeighbours(db, options);
}
