import 'server-only';
import { z } from 'zod';
import { type Db, runsOneTransactionAtATime } from '@/db/client';
import { addToTracks, addUserPlays, applyBeats, type AppliedBeat, type Beat, type BeatState, getBeatStates, lockListeningClocks, markCounted, type TrackAdd } from '@/db/queries/heartbeats';
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
 * Who sends a beat: the account, and for a session cookie the session version it carries
 * (checked against the account with the beat, as every signed-in request is).
 */
export type BeatSender = { userId: string; sessionVersion?: number };

/**
 * One heartbeat from the owner of a listening session: the beat applies (or not, by seq),
 * the session becomes a play once it reaches the threshold, an ending before that is a
 * skip, and the counters and this hour's rollup follow, all in one transaction. Beats that
 * arrive together share that transaction (see BeatBatcher); each is answered once it has
 * committed.
 */
export async function recordHeartbeat(db: Db, sender: BeatSender, sessionId: string, raw: unknown): Promise<HeartbeatReply> {
  const input = heartbeatInput.parse(raw);
  return batcherFor(db).submit({ sessionId, ...sender, seq: input.seq, positionMs: input.positionMs, heardMs: input.heardMs, ended: input.ended ?? false });
}

/**
 * Applies a batch of beats in one transaction and answers each: its reply, or the error it
 * gets. Of several beats for one session from its owner, the highest seq is applied and the
 * others are answered as the late repeats they then are. The senders' listening clocks are
 * locked first; a listener's beats for several sessions apply one after another (their
 * clock moves with each), the rest of the batch alongside.
 */
export async function applyHeartbeats(db: Db, beats: Beat[]): Promise<(HeartbeatReply | AppError)[]> {
  const key = (b: { sessionId: string; userId: string }) => `${b.sessionId} ${b.userId}`;
  const newest = new Map<string, Beat>();
  for (const b of beats) if ((newest.get(key(b))?.seq ?? 0) < b.seq) newest.set(key(b), b);

  const replies = await db.transaction(async (tx) => {
    // On PGlite no other transaction runs meanwhile: nothing to lock against.
    if (!runsOneTransactionAtATime(db)) await lockListeningClocks(tx, [...newest.values()].map((b) => b.userId));
    const applied: AppliedBeat[] = [];
    for (const round of oneSessionPerListener([...newest.values()])) applied.push(...(await applyBeats(tx, round, HEARD_SLACK_MS)));
    const countedNow = await markCounted(tx, applied.filter((a) => !a.counted && reachesPlay(a.heardMs, a.durationMs)).map((a) => a.sessionId));
    const byTrack = new Map<string, TrackAdd>();
    const byListener = new Map<string, { userId: string; trackId: string; plays: number }>();
    for (const a of applied) {
      const countsNow = countedNow.has(a.sessionId);
      const add = byTrack.get(a.trackId) ?? { trackId: a.trackId, plays: 0, skips: 0, msHeard: 0 };
      add.plays += countsNow ? 1 : 0;
      add.skips += a.ended && a.keyed && !a.counted && !countsNow ? 1 : 0; // nothing heard without the key
      add.msHeard += a.heardMs - a.heardBefore;
      byTrack.set(a.trackId, add);
      if (countsNow) {
        const pair = byListener.get(`${a.userId} ${a.trackId}`) ?? { userId: a.userId, trackId: a.trackId, plays: 0 };
        pair.plays++;
        byListener.set(`${a.userId} ${a.trackId}`, pair);
      }
    }
    await addToTracks(tx, [...byTrack.values()].filter((a) => a.plays > 0 || a.skips > 0 || a.msHeard > 0));
    await addUserPlays(tx, [...byListener.values()]);
    return new Map(applied.map((a) => [key(a), { counted: a.counted || countedNow.has(a.sessionId), heardMs: a.heardMs, ended: a.ended }]));
  });

  const unanswered = beats.filter((b) => !(newest.get(key(b)) === b && replies.has(key(b))));
  const states = unanswered.length ? await getBeatStates(db, unanswered) : [];
  const explained = new Map(unanswered.map((b, i) => [b, explainUnapplied(b, states[i]!)]));
  return beats.map((b) => explained.get(b) ?? replies.get(key(b))!);
}

/** Beats in rounds: each listener's first session in the first, their second in the next, ... */
function oneSessionPerListener(beats: Beat[]): Beat[][] {
  const rounds: Beat[][] = [];
  const taken = new Map<string, number>();
  for (const b of [...beats].sort((x, y) => (x.sessionId < y.sessionId ? -1 : 1))) {
    const round = taken.get(b.userId) ?? 0;
    (rounds[round] ??= []).push(b);
    taken.set(b.userId, round + 1);
  }
  return rounds;
}

/** A beat that changed nothing: a repeat gets the current state; anything else, its error. */
function explainUnapplied(beat: Beat, state: BeatState): HeartbeatReply | AppError {
  if (state.signedOut) return new AppError('unauthorized', 'Sign in first.');
  if (!state.ownerId) return new AppError('not_found', 'No such listening session.');
  if (state.ownerId !== beat.userId) return new AppError('forbidden', 'This listening session is not yours.');
  const reply = { counted: state.counted, heardMs: state.heardMs, ended: state.ended };
  if (beat.seq <= state.lastSeq) return reply;
  if (state.ended) return new AppError('conflict', 'This listening session has ended. Start a new one to keep listening.');
  return reply;
}

const MAX_BATCH = 500;
/**
 * Batches start at most this often. Writing each batch the moment the last one committed
 * spends the whole process on transactions of a few beats each (their fixed cost, about
 * 5 ms on PGlite, dominates); pacing them lets batches grow instead, for a few ms of latency.
 */
const BATCH_INTERVAL_MS = 20;

type Waiting = { beat: Beat; resolve: (reply: HeartbeatReply) => void; reject: (error: unknown) => void };

/**
 * Group commit for beats: while one batch is being written, the beats that arrive wait and
 * go together in the next, at most every BATCH_INTERVAL_MS. One transaction of a few
 * statements for many beats is what lets one process keep up with thousands of listeners,
 * PGlite included; a lone beat on a quiet server waits only for the current turn of the
 * event loop.
 */
class BeatBatcher {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  submit(beat: Beat): Promise<HeartbeatReply> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ beat, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run() {
    this.running = true;
    await new Promise((r) => setImmediate(r)); // beats read in the same turn join this one
    while (this.waiting.length) {
      const started = Date.now();
      await this.write(this.waiting.splice(0, MAX_BATCH));
      const rest = started + BATCH_INTERVAL_MS - Date.now();
      if (rest > 0 && this.waiting.length < MAX_BATCH) await new Promise((r) => setTimeout(r, rest));
    }
    this.running = false;
  }

  /** Never throws: a batch that fails is tried beat by beat, so one bad beat fails alone. */
  private async write(batch: Waiting[]) {
    try {
      const outcomes = await applyHeartbeats(this.db, batch.map((w) => w.beat));
      batch.forEach((w, i) => settle(w, outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const w of batch) await this.write([w]);
    }
  }
}

const settle = (w: Waiting, outcome: HeartbeatReply | AppError) => (outcome instanceof AppError ? w.reject(outcome) : w.resolve(outcome));

declare global {
  // One batcher per database for the whole process: Next bundles the route and the fast
  // path (lib/http/node.ts) apart.
  var __mistBeatBatchers: WeakMap<Db, BeatBatcher> | undefined;
}

function batcherFor(db: Db): BeatBatcher {
  const batchers = (globalThis.__mistBeatBatchers ??= new WeakMap());
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new BeatBatcher(db)));
  return batcher;
}
