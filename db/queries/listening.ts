import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../client';
import { listeningSessions, trackKeys, tracks } from '../schema';

export async function insertListeningSession(db: Db, values: { userId: string; trackId: string; clientInfo: string | null }) {
  const [row] = await db.insert(listeningSessions).values(values).returning({ id: listeningSessions.id, startedAt: listeningSessions.startedAt });
  return row!;
}

/** The user's latest session for this track started since `since`, if any. */
export async function findRecentSession(db: Db, userId: string, trackId: string, since: Date) {
  const [row] = await db
    .select({ id: listeningSessions.id })
    .from(listeningSessions)
    .where(and(eq(listeningSessions.userId, userId), eq(listeningSessions.trackId, trackId), gte(listeningSessions.startedAt, since)))
    .orderBy(desc(listeningSessions.startedAt))
    .limit(1);
  return row;
}

/** The key of a ready track: the one query that reads track_keys for playback. */
export async function getReadyTrackKey(db: Db, trackId: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ keyHex: trackKeys.keyHex })
    .from(trackKeys)
    .innerJoin(tracks, eq(tracks.id, trackKeys.trackId))
    .where(and(eq(trackKeys.trackId, trackId), eq(tracks.status, 'ready')));
  return row ? Buffer.from(row.keyHex, 'hex') : null;
}
