import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { addPlay, addSkip, addToHour, applyBeat, getSessionState, markCounted } from '@/db/queries/heartbeats';
import { AppError } from '@/lib/errors';
import { HEARD_SLACK_MS, reachesPlay } from './plays';

const WEEK_MS = 7 * 24 * 3_600_000;

export const heartbeatInput = z.strictObject({
  /** Where the playhead is. */
  positionMs: z.int().min(0).max(WEEK_MS),
  /** Time actually heard in this session so far, as the player measured it. */
  heardMs: z.int().min(0).max(WEEK_MS),
  /** 1, 2, 3…: a beat at or below the last one applied changes nothing. */
  seq: z.int().min(1).max(2_147_483_647),
  /** The last beat: the track ended, the listener moved on, or the page is going away. */
  ended: z.boolean().optional(),
});

export type HeartbeatReply = { counted: boolean; heardMs: number; ended: boolean };

/**
 * One heartbeat from the owner of a listening session. In one transaction: the beat applies
 * (or not, by seq), the session becomes a play once it reaches the threshold, an ending
 * before that is a skip, and the counters and this hour's rollup follow.
 */
export async function recordHeartbeat(db: Db, userId: string, sessionId: string, raw: unknown): Promise<HeartbeatReply> {
  const input = heartbeatInput.parse(raw);
  const beat = { sessionId, userId, seq: input.seq, positionMs: input.positionMs, heardMs: input.heardMs, ended: input.ended ?? false };
  const applied = await db.transaction(async (tx) => {
    const result = await applyBeat(tx, beat, HEARD_SLACK_MS);
    if (!result) return undefined;
    const countsNow = !result.counted && reachesPlay(result.heardMs, result.durationMs) && (await markCounted(tx, sessionId));
    const counted = result.counted || countsNow;
    const skipped = result.ended && !counted;
    // Rows are locked in the sweeper's order: session, hour, track (then listener).
    const msHeard = result.heardMs - result.heardBefore;
    if (countsNow || skipped || msHeard > 0) await addToHour(tx, result.trackId, { plays: countsNow ? 1 : 0, skips: skipped ? 1 : 0, msHeard });
    if (countsNow) await addPlay(tx, userId, result.trackId);
    if (skipped) await addSkip(tx, result.trackId);
    return { counted, heardMs: result.heardMs, ended: result.ended };
  });
  return applied ?? explainUnapplied(db, userId, sessionId, input.seq);
}

/** A beat that changed nothing: a repeat gets the current state; anything else, its error. */
async function explainUnapplied(db: Db, userId: string, sessionId: string, seq: number): Promise<HeartbeatReply> {
  const state = await getSessionState(db, sessionId);
  if (!state) throw new AppError('not_found', 'No such listening session.');
  if (state.userId !== userId) throw new AppError('forbidden', 'This listening session is not yours.');
  const reply = { counted: state.countedAt !== null, heardMs: state.heardMs, ended: state.endedAt !== null };
  if (seq <= state.lastSeq) return reply;
  if (state.endedAt) throw new AppError('conflict', 'This listening session has ended. Start a new one to keep listening.');
  return reply;
}
