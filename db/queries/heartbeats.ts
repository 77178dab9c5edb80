import { and, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { listeningClocks, listeningHourly, listeningSessions, trackStats, userTrackPlays, users } from '../schema';

/**
 * One heartbeat as the server applies it. `sessionVersion`, when given (a session cookie),
 * must still be the account's; the account must not be disabled either way.
 */
export type Beat = { sessionId: string; userId: string; sessionVersion?: number; seq: number; positionMs: number; heardMs: number; ended: boolean };

/** A session as a beat left it. */
export type AppliedBeat = {
  sessionId: string;
  userId: string;
  trackId: string;
  durationMs: number | null;
  heardBefore: number;
  heardMs: number;
  counted: boolean;
  ended: boolean;
  /** The key was fetched for it: something could be heard, so ending uncounted is a skip. */
  keyed: boolean;
};

const s = listeningSessions;

/** Beats as a table the statements can join: one parameter, whatever the batch size. */
const beatsTable = (beats: Beat[]) => sql`jsonb_to_recordset(${JSON.stringify(
  beats.map((b, i) => ({ i, id: b.sessionId, user_id: b.userId, sv: b.sessionVersion ?? null, seq: b.seq, position_ms: b.positionMs, heard_ms: b.heardMs, ended: b.ended })),
)}::jsonb) as v(i int, id uuid, user_id uuid, sv int, seq int, position_ms int, heard_ms int, ended boolean)`;

/**
 * Locks the listening clocks of these listeners, in id order, until the transaction ends:
 * what a beat batch does first, as a session start does, so that one listener's heard time
 * is credited by one transaction at a time. A listener without a clock yet (sessions made
 * before it existed) gets one.
 */
export async function lockListeningClocks(db: Db, userIds: string[]): Promise<void> {
  const ids = [...new Set(userIds)].sort();
  if (!ids.length) return;
  const locked = await db.select({ userId: listeningClocks.userId }).from(listeningClocks).where(inArray(listeningClocks.userId, ids)).orderBy(listeningClocks.userId).for('no key update');
  if (locked.length === ids.length) return;
  await db
    .insert(listeningClocks)
    .select(db.select({ userId: users.id, creditedTo: sql<Date | null>`null::timestamptz`.as('credited_to') }).from(users).where(inArray(users.id, ids)).orderBy(users.id))
    .onConflictDoUpdate({ target: listeningClocks.userId, set: { userId: sql`excluded.user_id` } });
}

/**
 * Applies beats to their owners' open sessions, where `seq` is new and the account still
 * signed in: one UPDATE, at most one session per listener (their clock moves with it, made
 * if missing; see applyHeartbeats), clocks already locked where other transactions may run
 * (lockListeningClocks), so of two concurrent copies of a beat only one applies. Heard time never decreases, and grows by at most the time the
 * session could have been heard that its listener's clock has not credited yet: from when
 * its key was fetched (never: nothing) or the clock, whichever is later, to now (plus
 * `slackMs`) or the moment it was superseded, whichever is earlier. The clock moves on by
 * what is credited. Returns the sessions that changed; a beat that changed nothing (unknown,
 * not theirs, stale seq, ended, signed out) is not among them.
 */
export async function applyBeats(db: Db, beats: Beat[], slackMs: number): Promise<AppliedBeat[]> {
  const result = await db.execute(sql`
    with v as (select * from ${beatsTable(beats)}),
    locked as (
      select v.i, s.id, s.user_id, s.heard_ms as heard_before, t.duration_ms, s.key_fetched_at is not null as keyed,
        greatest(s.key_fetched_at, c.credited_to) as credit_from,
        least(now() + make_interval(secs => ${slackMs / 1000}::double precision), s.superseded_at) as credit_to
      from v
      join listening_sessions s on s.id = v.id and s.user_id = v.user_id
      join users u on u.id = v.user_id
      join tracks t on t.id = s.track_id
      left join listening_clocks c on c.user_id = v.user_id
      where s.last_seq < v.seq and s.ended_at is null
        and u.disabled_at is null and (v.sv is null or u.session_version = v.sv)
      order by s.id
      for update of s
    ),
    before as (
      select l.*, greatest(l.heard_before, least(v.heard_ms::bigint, l.heard_before + case
        when not l.keyed then 0
        else greatest(0, (extract(epoch from (l.credit_to - l.credit_from)) * 1000)::bigint)
      end))::int as heard_after
      from locked l join v on v.i = l.i
    ),
    clock as (
      insert into listening_clocks (user_id, credited_to)
      select b.user_id, b.credit_from + make_interval(secs => (b.heard_after - b.heard_before) / 1000.0::double precision)
      from before b where b.heard_after > b.heard_before
      on conflict (user_id) do update set credited_to = excluded.credited_to
    )
    update listening_sessions s set
      last_seq = v.seq,
      last_beat_at = now(),
      position_ms = v.position_ms,
      heard_ms = b.heard_after,
      ended_at = case when v.ended then now() else null end
    from before b join v on v.i = b.i -- the owner's own beat, never another row for the same session
    where s.id = b.id and s.user_id = v.user_id and s.last_seq < v.seq and s.ended_at is null
    returning s.id, s.user_id, s.track_id, b.duration_ms, b.heard_before, s.heard_ms, s.counted_at, s.ended_at, b.keyed`);
  type Row = { id: string; user_id: string; track_id: string; duration_ms: number | null; heard_before: number; heard_ms: number; counted_at: unknown; ended_at: unknown; keyed: boolean };
  return rowsOf<Row>(result).map((r) => ({
    sessionId: r.id,
    userId: r.user_id,
    trackId: r.track_id,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    heardBefore: Number(r.heard_before),
    heardMs: Number(r.heard_ms),
    counted: r.counted_at !== null,
    ended: r.ended_at !== null,
    keyed: r.keyed === true,
  }));
}

/** Marks sessions plays unless they already are: the ids this call marked. */
export async function markCounted(db: Db, sessionIds: string[]): Promise<Set<string>> {
  if (!sessionIds.length) return new Set();
  const rows = await db
    .update(s)
    .set({ countedAt: sql`now()` })
    .where(and(inArray(s.id, sessionIds), isNull(s.countedAt)))
    .returning({ id: s.id });
  return new Set(rows.map((r) => r.id));
}

export type TrackAdd = { trackId: string; plays: number; skips: number; msHeard: number };

/**
 * Adds plays, skips and time heard to this hour's (UTC) rollup rows and plays and skips to
 * the tracks' all-time counters; rows locked in track order (as the sweeper locks them).
 */
export async function addToTracks(db: Db, adds: TrackAdd[]): Promise<void> {
  const sorted = [...adds].sort((a, b) => (a.trackId < b.trackId ? -1 : 1));
  if (!sorted.length) return;
  await db
    .insert(listeningHourly)
    .values(sorted.map((a) => ({ hour: sql`date_trunc('hour', now(), 'UTC')`, ...a })))
    .onConflictDoUpdate({
      target: [listeningHourly.hour, listeningHourly.trackId],
      set: {
        plays: sql`${listeningHourly.plays} + excluded.plays`,
        skips: sql`${listeningHourly.skips} + excluded.skips`,
        msHeard: sql`${listeningHourly.msHeard} + excluded.ms_heard`,
      },
    });
  const counted = sorted.filter((a) => a.plays > 0 || a.skips > 0);
  if (!counted.length) return;
  await db
    .insert(trackStats)
    .values(counted.map((a) => ({ trackId: a.trackId, plays: a.plays, skips: a.skips, lastPlayedAt: a.plays > 0 ? sql`now()` : null })))
    .onConflictDoUpdate({
      target: trackStats.trackId,
      set: {
        plays: sql`${trackStats.plays} + excluded.plays`,
        skips: sql`${trackStats.skips} + excluded.skips`,
        lastPlayedAt: sql`case when excluded.plays > 0 then now() else ${trackStats.lastPlayedAt} end`,
      },
    });
}

/** Adds plays to listeners' per-track counters. */
export async function addUserPlays(db: Db, adds: { userId: string; trackId: string; plays: number }[]): Promise<void> {
  if (!adds.length) return;
  const sorted = [...adds].sort((a, b) => (a.userId === b.userId ? (a.trackId < b.trackId ? -1 : 1) : a.userId < b.userId ? -1 : 1));
  await db
    .insert(userTrackPlays)
    .values(sorted.map((a) => ({ ...a, lastPlayedAt: sql`now()` })))
    .onConflictDoUpdate({ target: [userTrackPlays.userId, userTrackPlays.trackId], set: { plays: sql`${userTrackPlays.plays} + excluded.plays`, lastPlayedAt: sql`now()` } });
}

/** Why beats did not apply: each one's session and account as they are now. */
export type BeatState = {
  sessionId: string;
  /** null: no such session. */
  ownerId: string | null;
  lastSeq: number;
  heardMs: number;
  counted: boolean;
  ended: boolean;
  /** The sender's account is disabled, gone, or the cookie's session version is stale. */
  signedOut: boolean;
};

/** In the order of `beats`. */
export async function getBeatStates(db: Db, beats: Beat[]): Promise<BeatState[]> {
  const result = await db.execute(sql`
    select v.id, s.user_id, s.last_seq, s.heard_ms, s.counted_at is not null as counted, s.ended_at is not null as ended,
      (u.id is null or u.disabled_at is not null or (v.sv is not null and u.session_version <> v.sv)) as signed_out
    from ${beatsTable(beats)}
    left join listening_sessions s on s.id = v.id
    left join users u on u.id = v.user_id
    order by v.i`);
  type Row = { id: string; user_id: string | null; last_seq: number | null; heard_ms: number | null; counted: boolean | null; ended: boolean | null; signed_out: boolean };
  return rowsOf<Row>(result).map((r) => ({
    sessionId: r.id,
    ownerId: r.user_id,
    lastSeq: Number(r.last_seq ?? 0),
    heardMs: Number(r.heard_ms ?? 0),
    counted: r.counted === true,
    ended: r.ended === true,
    signedOut: r.signed_out,
  }));
}

/**
 * Ends up to `limit` open sessions silent since `before`; those never counted that had a
 * beat and their key add a skip to the hour (UTC) of their last beat. A session that never
 * sent a beat, or never got its key, played nothing: it is closed without a skip. One
 * transaction; sessions are taken without waiting (skip locked), then hours and tracks in
 * the order beats lock them, so the two cannot deadlock.
 */
export async function closeIdleSessions(db: Db, before: Date, limit: number): Promise<{ closed: number; skips: number }> {
  return db.transaction(async (tx) => {
    // Picked and locked by a statement of their own: as a subquery of the UPDATE, `limit`
    // held for one scan only. The UPDATE may scan it again, and each scan skips the rows
    // the UPDATE has already ended and picks the next ones, until none are left.
    const picked = await tx
      .select({ id: s.id })
      .from(s)
      .where(and(isNull(s.endedAt), lt(s.lastBeatAt, before)))
      .orderBy(s.lastBeatAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!picked.length) return { closed: 0, skips: 0 };
    const closed = await tx
      .update(s)
      .set({ endedAt: sql`now()` })
      .where(inArray(s.id, picked.map((p) => p.id)))
      .returning({ trackId: s.trackId, lastBeatAt: s.lastBeatAt, countedAt: s.countedAt, lastSeq: s.lastSeq, keyFetchedAt: s.keyFetchedAt });
    const skipped = closed.filter((c) => c.countedAt === null && c.lastSeq > 0 && c.keyFetchedAt !== null);
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
