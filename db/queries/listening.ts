import { and, desc, eq, isNull, max, sql } from 'drizzle-orm';
import { type Db, runsOneTransactionAtATime } from '../client';
import { rowsOf } from '../rows';
import { listeningClocks, listeningSessions, trackKeys, tracks, users } from '../schema';

const s = listeningSessions;

/** A session row as it is: no bound, no superseding (tests and seeds; players go through openListeningSession). */
export async function insertListeningSession(db: Db, values: typeof s.$inferInsert) {
  const [row] = await db.insert(s).values(values).returning({ id: s.id, startedAt: s.startedAt });
  return row!;
}

type NewSession = { userId: string; trackId: string; clientInfo: string | null; deviceId: string | null };

/**
 * A listener starts a track: the new session supersedes the same player's live session, and
 * then, past `maxLive` live sessions, the ones heard from least recently (last beat, else
 * start). On PostgreSQL the listener's clock row is taken first (created on their first
 * session), so one listener's starts happen one at a time, however many arrive at once, each
 * seeing the ones before; beat batches take it first too, so the two never deadlock. PGlite
 * runs one statement at a time, so there the one statement is enough (a beat makes the clock).
 */
export async function openListeningSession(db: Db, values: NewSession, maxLive: number) {
  if (runsOneTransactionAtATime(db)) return insertSuperseding(db, values, maxLive);
  return db.transaction(async (tx) => {
    await tx
      .insert(listeningClocks)
      .values({ userId: values.userId })
      .onConflictDoUpdate({ target: listeningClocks.userId, set: { userId: sql`excluded.user_id` } });
    return insertSuperseding(tx, values, maxLive);
  });
}

/** One statement: the insert is not visible to the update, which sees every live session before it. */
async function insertSuperseding(db: Db, values: NewSession, maxLive: number) {
  const device = values.deviceId;
  const result = await db.execute(sql`
    with created as (
      insert into listening_sessions (user_id, track_id, client_info, device_id)
      values (${values.userId}, ${values.trackId}, ${values.clientInfo}, ${device})
      returning id, started_at
    ),
    live as (
      select id, ${device}::text is not null and device_id = ${device}::text as same_device,
        row_number() over (
          partition by ${device}::text is not null and device_id is not distinct from ${device}::text
          order by last_beat_at desc, started_at desc, id desc
        ) as rank
      from listening_sessions
      where user_id = ${values.userId} and ended_at is null and superseded_at is null
    ),
    superseded as (
      update listening_sessions set superseded_at = now()
      where id in (select id from live where same_device or rank >= ${Math.max(1, maxLive)})
    )
    select id, started_at from created`);
  const [row] = rowsOf<{ id: string; started_at: string | Date }>(result);
  return { id: row!.id, startedAt: new Date(row!.started_at) };
}

function prepareMarkKeyFetched(db: Db) {
  const newestUnkeyed = db
    .select({ id: s.id })
    .from(s)
    .where(
      and(
        eq(s.userId, sql.placeholder('userId')),
        eq(s.trackId, sql.placeholder('trackId')),
        isNull(s.keyFetchedAt),
        isNull(s.endedAt),
        isNull(s.supersededAt),
        sql`${s.startedAt} > now() - make_interval(secs => ${sql.placeholder('maxAgeSeconds')}::double precision)`,
      ),
    )
    .orderBy(desc(s.startedAt))
    .limit(1);
  return db
    .update(s)
    .set({ keyFetchedAt: sql`now()` })
    .where(and(eq(s.id, sql`(${newestUnkeyed})`), isNull(s.keyFetchedAt)))
    .prepare('mark_key_fetched');
}

const markQueries = new WeakMap<Db, ReturnType<typeof prepareMarkKeyFetched>>();

/**
 * The listener's player fetched the track's key: their newest live session of that track
 * not yet marked (started within `maxAgeMs`) now counts heard time from this moment. Every
 * key request asks, answered from the grant cache or not; with nothing to mark it writes nothing.
 */
export async function markKeyFetched(db: Db, userId: string, trackId: string, maxAgeMs: number): Promise<void> {
  let query = markQueries.get(db);
  if (!query) markQueries.set(db, (query = prepareMarkKeyFetched(db)));
  await query.execute({ userId, trackId, maxAgeSeconds: maxAgeMs / 1000 });
}

export type KeyGrantFacts = { disabled: boolean; sessionVersion: number; keyHex: string | null; lastSessionAt: Date | null };

function prepareKeyGrantFacts(db: Db) {
  const userId = sql.placeholder('userId');
  const trackId = sql.placeholder('trackId');
  const version = sql.placeholder('version');
  // The asked-for version's key; without one (playlists encoded before keys were per
  // version), the oldest kept, which is the published one: older ones go at publishing.
  const readyKey = db
    .select({ keyHex: trackKeys.keyHex })
    .from(trackKeys)
    .innerJoin(tracks, eq(tracks.id, trackKeys.trackId))
    .where(and(eq(trackKeys.trackId, trackId), eq(tracks.status, 'ready'), sql`(${version}::int is null or ${trackKeys.version} = ${version}::int)`))
    .orderBy(trackKeys.version)
    .limit(1);
  const lastSession = db
    .select({ at: max(s.startedAt) })
    .from(s)
    .where(and(eq(s.userId, userId), eq(s.trackId, trackId)));
  return db
    .select({
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      sessionVersion: users.sessionVersion,
      keyHex: sql<string | null>`(${readyKey})`,
      lastSessionAt: sql<Date | null>`(${lastSession})`.mapWith(s.startedAt),
    })
    .from(users)
    .where(eq(users.id, userId))
    .prepare('key_grant_facts');
}

// Built once per handle: building the SQL costs about a third of running it on PGlite.
const keyGrantQueries = new WeakMap<Db, ReturnType<typeof prepareKeyGrantFacts>>();

/**
 * What the key route decides on, in one round trip: the listener's account state, the key
 * of the track's HLS `version` (null: the published one) if the track is ready, and when the
 * listener's latest session for it started. Undefined when there is no such user. The one
 * query that reads track_keys for playback.
 */
export async function getKeyGrantFacts(db: Db, userId: string, trackId: string, version: number | null = null): Promise<KeyGrantFacts | undefined> {
  let query = keyGrantQueries.get(db);
  if (!query) keyGrantQueries.set(db, (query = prepareKeyGrantFacts(db)));
  const [row] = await query.execute({ userId, trackId, version });
  return row;
}

export type PastSession = { userId: string; trackId: string; startedAt: Date; heardMs: number; counted: boolean };

/**
 * Sessions that already happened, ended: counted ones became plays 30 s after they started,
 * the others are skips. Gives each listener a clock. For tests, seeds and evaluations; the
 * counters the heartbeats keep (track stats, hourly rollup) are not touched.
 */
export async function insertPastSessions(db: Db, sessions: PastSession[]): Promise<void> {
  for (let i = 0; i < sessions.length; i += 1000) {
    const chunk = sessions.slice(i, i + 1000);
    await db.insert(s).values(
      chunk.map((x) => ({
        userId: x.userId,
        trackId: x.trackId,
        startedAt: x.startedAt,
        keyFetchedAt: x.startedAt,
        lastBeatAt: new Date(x.startedAt.getTime() + x.heardMs),
        heardMs: x.heardMs,
        positionMs: x.heardMs,
        countedAt: x.counted ? new Date(x.startedAt.getTime() + 30_000) : null,
        endedAt: new Date(x.startedAt.getTime() + x.heardMs),
      })),
    );
  }
  const users = [...new Set(sessions.map((x) => x.userId))];
  if (users.length) await db.insert(listeningClocks).values(users.map((userId) => ({ userId }))).onConflictDoNothing();
}
