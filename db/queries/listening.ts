import { and, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { listeningSessions, trackKeys, tracks, users } from '../schema';

export async function insertListeningSession(db: Db, values: { userId: string; trackId: string; clientInfo: string | null }) {
  const [row] = await db.insert(listeningSessions).values(values).returning({ id: listeningSessions.id, startedAt: listeningSessions.startedAt });
  return row!;
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
    .select({ at: max(listeningSessions.startedAt) })
    .from(listeningSessions)
    .where(and(eq(listeningSessions.userId, userId), eq(listeningSessions.trackId, trackId)));
  return db
    .select({
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      sessionVersion: users.sessionVersion,
      keyHex: sql<string | null>`(${readyKey})`,
      lastSessionAt: sql<Date | null>`(${lastSession})`.mapWith(listeningSessions.startedAt),
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
