// The listeners bench's database work: accounts and tracks before the server starts, play
// totals after it has stopped (PGlite allows one process at a time).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, type DbHandle } from '@/db/client';
import { artists, authSessions, listeningClocks, listeningHourly, listeningSessions, trackKeys, trackStats, tracks, userTrackPlays, users } from '@/db/schema';

export async function openDatabase(dataDir: string, url?: string): Promise<DbHandle> {
  const handle = url ? await openPostgres(url, { max: 4 }) : await openPglite(path.join(dataDir, 'db'));
  await handle.migrate();
  return handle;
}

/** What a listener is playing when the run begins: started `phaseMs` before it. */
export type InitialSession = { sessionId: string; trackId: string; phaseMs: number; lengthMs: number };

/**
 * Listener accounts (no usable password: they never sign in with one) and ready tracks.
 * With `midSession`, each listener is already part-way into a session (a random point of
 * it, started that long before now) when the run begins, as on a server that has been up
 * for a while: session starts are spread evenly from the first second.
 */
export async function seed(h: DbHandle, listeners: number, trackCount: number, durationMs: number, midSession: boolean) {
  const run = Date.now().toString(36);
  const made: { id: string; email: string; sessionId: string }[] = [];
  for (let i = 0; i < listeners; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, listeners - i) }, (_, j) => ({
      email: `listener${i + j}-${run}@bench.invalid`,
      displayName: `Listener ${i + j}`,
      passwordHash: 'bench: no password',
    }));
    const inserted = await h.db.insert(users).values(rows).returning({ id: users.id, email: users.email });
    // What a listener's first session start makes: their listening clock.
    await h.db.insert(listeningClocks).values(inserted.map((u) => ({ userId: u.id })));
    // A signed-in browser each: the session id their cookies carry.
    const signedIn = await h.db.insert(authSessions).values(inserted.map((u) => ({ userId: u.id, device: 'bench' }))).returning({ id: authSessions.id, userId: authSessions.userId });
    const sessionOf = new Map(signedIn.map((s) => [s.userId, s.id]));
    made.push(...inserted.map((u) => ({ ...u, sessionId: sessionOf.get(u.id)! })));
  }
  const [artist] = await h.db.insert(artists).values({ name: `Bench Artist ${run}`, nameKey: `bench artist ${run}` }).returning({ id: artists.id });
  const trackRows = Array.from({ length: trackCount }, (_, i) => ({
    title: `Bench Track ${i}`,
    artistId: artist!.id,
    status: 'ready' as const,
    durationMs,
    originalFilename: `bench-${i}.flac`,
    originalKey: `originals/bench-${run}-${i}`,
    declaredContentType: 'audio/flac',
    readyAt: new Date(),
  }));
  const trackIds = (await h.db.insert(tracks).values(trackRows).returning({ id: tracks.id })).map((t) => t.id);
  // Keys, as the encoder would have stored them: listeners fetch them (the tracks have no media).
  await h.db.insert(trackKeys).values(trackIds.map((trackId) => ({ trackId, version: 1, keyHex: randomBytes(16).toString('hex'), ivHex: randomBytes(16).toString('hex') })));
  const initial: InitialSession[] = [];
  for (let i = 0; midSession && i < made.length; i += 1000) {
    const now = Date.now();
    const rows = made.slice(i, i + 1000).map((u) => {
      const lengthMs = durationMs * (0.85 + Math.random() * 0.3);
      return { userId: u.id, trackId: trackIds[Math.floor(Math.random() * trackIds.length)]!, phaseMs: Math.floor(Math.random() * lengthMs), lengthMs };
    });
    const ids = await h.db
      .insert(listeningSessions)
      // Their players fetched the key when these started.
      .values(rows.map((r) => ({ userId: r.userId, trackId: r.trackId, startedAt: new Date(now - r.phaseMs), keyFetchedAt: new Date(now - r.phaseMs) })))
      .returning({ id: listeningSessions.id, userId: listeningSessions.userId });
    const idOf = new Map(ids.map((r) => [r.userId, r.id]));
    initial.push(...rows.map((r) => ({ sessionId: idOf.get(r.userId)!, trackId: r.trackId, phaseMs: r.phaseMs, lengthMs: r.lengthMs })));
  }
  await h.close();
  return { users: made, trackIds, initial };
}

export async function readPlayTotals(h: DbHandle) {
  const sum = async (table: typeof trackStats | typeof userTrackPlays | typeof listeningHourly) => {
    const [row] = await h.db.select({ n: sql<number>`coalesce(sum(${table.plays}), 0)::int` }).from(table);
    return row!.n;
  };
  const totals = { trackStats: await sum(trackStats), userTrackPlays: await sum(userTrackPlays), hourly: await sum(listeningHourly) };
  const pairs = await h.db.select({ userId: userTrackPlays.userId, trackId: userTrackPlays.trackId, plays: userTrackPlays.plays }).from(userTrackPlays);
  await h.close();
  return { ...totals, byUserTrack: new Map(pairs.map((p) => [`${p.userId} ${p.trackId}`, p.plays])) };
}
