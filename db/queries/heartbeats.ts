import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { listeningHourly, listeningSessions, tracks, trackStats, userTrackPlays } from '../schema';

export type Beat = { sessionId: string; userId: string; seq: number; positionMs: number; heardMs: number; ended: boolean };

/** The session as a beat left it. */
export type BeatResult = {
  trackId: string;
  durationMs: number | null;
  heardBefore: number;
  heardMs: number;
  counted: boolean;
  ended: boolean;
};

const s = listeningSessions;

/**
 * Applies a beat to the owner's open session if its `seq` is new: one conditional UPDATE, so
 * of two concurrent copies of a beat only one applies. Heard time never decreases and never
 * runs ahead of the time since the session started (plus `slackMs`). Returns undefined when
 * nothing was applied (unknown, not theirs, stale seq, or ended).
 */
export async function applyBeat(db: Db, beat: Beat, slackMs: number): Promise<BeatResult | undefined> {
  // The row, locked, as it was before this statement: its heard time gives the delta.
  const before = db
    .select({ id: s.id, heard: sql<number>`${s.heardMs}`.as('heard_before'), durationMs: tracks.durationMs })
    .from(s)
    .innerJoin(tracks, eq(tracks.id, s.trackId))
    .where(eq(s.id, beat.sessionId))
    .for('update', { of: s })
    .as('before');
  const elapsedMs = sql`(extract(epoch from (now() - ${s.startedAt})) * 1000)::bigint`;
  const [row] = await db
    .update(s)
    .set({
      lastSeq: beat.seq,
      lastBeatAt: sql`now()`,
      positionMs: beat.positionMs,
      heardMs: sql`greatest(${s.heardMs}, least(${beat.heardMs}::bigint, ${elapsedMs} + ${slackMs}))::int`,
      ...(beat.ended ? { endedAt: sql`now()` } : {}),
    })
    .from(before)
    // `id = $sessionId` again, so the planner looks the row up by its key rather than scanning
    // every open session through the partial index (what it chose with 10,000 of them open).
    .where(and(eq(s.id, beat.sessionId), eq(s.id, before.id), eq(s.userId, beat.userId), lt(s.lastSeq, beat.seq), isNull(s.endedAt)))
    .returning({ trackId: s.trackId, durationMs: before.durationMs, heardBefore: before.heard, heardMs: s.heardMs, countedAt: s.countedAt, endedAt: s.endedAt });
  if (!row) return undefined;
  return {
    trackId: row.trackId,
    durationMs: row.durationMs,
    heardBefore: Number(row.heardBefore),
    heardMs: row.heardMs,
    counted: row.countedAt !== null,
    ended: row.endedAt !== null,
  };
}

/** Marks the session a play unless it already is one: true for the one caller that did it. */
export async function markCounted(db: Db, sessionId: string): Promise<boolean> {
  const rows = await db.update(s).set({ countedAt: sql`now()` }).where(and(eq(s.id, sessionId), isNull(s.countedAt))).returning({ id: s.id });
  return rows.length === 1;
}

/** Adds one play to the track's and the listener's counters. */
export async function addPlay(db: Db, userId: string, trackId: string): Promise<void> {
  await db
    .insert(trackStats)
    .values({ trackId, plays: 1, lastPlayedAt: sql`now()` })
    .onConflictDoUpdate({ target: trackStats.trackId, set: { plays: sql`${trackStats.plays} + 1`, lastPlayedAt: sql`now()` } });
  await db
    .insert(userTrackPlays)
    .values({ userId, trackId, plays: 1, lastPlayedAt: sql`now()` })
    .onConflictDoUpdate({ target: [userTrackPlays.userId, userTrackPlays.trackId], set: { plays: sql`${userTrackPlays.plays} + 1`, lastPlayedAt: sql`now()` } });
}

export async function addSkip(db: Db, trackId: string): Promise<void> {
  await db
    .insert(trackStats)
    .values({ trackId, skips: 1 })
    .onConflictDoUpdate({ target: trackStats.trackId, set: { skips: sql`${trackStats.skips} + 1` } });
}

/** Adds to this hour's (UTC) row of the track's rollup. */
export async function addToHour(db: Db, trackId: string, add: { plays: number; skips: number; msHeard: number }): Promise<void> {
  await db
    .insert(listeningHourly)
    .values({ hour: sql`date_trunc('hour', now(), 'UTC')`, trackId, ...add })
    .onConflictDoUpdate({
      target: [listeningHourly.hour, listeningHourly.trackId],
      set: {
        plays: sql`${listeningHourly.plays} + excluded.plays`,
        skips: sql`${listeningHourly.skips} + excluded.skips`,
        msHeard: sql`${listeningHourly.msHeard} + excluded.ms_heard`,
      },
    });
}

/** Why a beat did not apply: the session as it is, or undefined when there is none. */
export async function getSessionState(db: Db, sessionId: string) {
  const [row] = await db
    .select({ userId: s.userId, lastSeq: s.lastSeq, heardMs: s.heardMs, countedAt: s.countedAt, endedAt: s.endedAt })
    .from(s)
    .where(eq(s.id, sessionId));
  return row;
}

/**
 * Ends up to `limit` open sessions silent since `before`; those never counted that had
 * heard a beat add a skip to the hour (UTC) of their last beat. A session that never sent
 * a beat played nothing: it is closed without a skip. One transaction; rows are locked in
 * the order beats lock them (session, hour, track), so the two cannot deadlock.
 */
export async function closeIdleSessions(db: Db, before: Date, limit: number): Promise<{ closed: number; skips: number }> {
  return db.transaction(async (tx) => {
    const idle = and(isNull(s.endedAt), lt(s.lastBeatAt, before));
    const ids = tx.select({ id: s.id }).from(s).where(idle).orderBy(s.lastBeatAt).limit(limit).for('update', { skipLocked: true });
    const closed = await tx
      .update(s)
      .set({ endedAt: sql`now()` })
      .where(and(inArray(s.id, ids), idle))
      .returning({ trackId: s.trackId, lastBeatAt: s.lastBeatAt, countedAt: s.countedAt, lastSeq: s.lastSeq });
    const skipped = closed.filter((c) => c.countedAt === null && c.lastSeq > 0);
    const byHour = new Map<string, { hour: Date; trackId: string; skips: number }>();
    const byTrack = new Map<string, number>();
    for (const c of skipped) {
      const hour = new Date(Math.floor(c.lastBeatAt.getTime() / 3_600_000) * 3_600_000);
      const key = `${hour.toISOString()} ${c.trackId}`;
      byHour.set(key, { hour, trackId: c.trackId, skips: (byHour.get(key)?.skips ?? 0) + 1 });
      byTrack.set(c.trackId, (byTrack.get(c.trackId) ?? 0) + 1);
    }
    if (byHour.size) {
      const rows = [...byHour.keys()].sort().map((k) => byHour.get(k)!);
      await tx
        .insert(listeningHourly)
        .values(rows)
        .onConflictDoUpdate({ target: [listeningHourly.hour, listeningHourly.trackId], set: { skips: sql`${listeningHourly.skips} + excluded.skips` } });
      const perTrack = [...byTrack.keys()].sort().map((trackId) => ({ trackId, skips: byTrack.get(trackId)! }));
      await tx
        .insert(trackStats)
        .values(perTrack)
        .onConflictDoUpdate({ target: trackStats.trackId, set: { skips: sql`${trackStats.skips} + excluded.skips` } });
    }
    return { closed: closed.length, skips: skipped.length };
  });
}
