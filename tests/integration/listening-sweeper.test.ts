import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { closeIdleSessions } from '@/db/queries/heartbeats';
import { insertListeningSession } from '@/db/queries/listening';
import { getTrackPlayStats } from '@/db/queries/plays';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { jobRuns, listeningHourly, listeningSessions } from '@/db/schema';
import { listeningSweepRequested } from '@/inngest/events';
import { enqueue } from '@/lib/jobs';
import { recordHeartbeat } from '@/lib/listening/heartbeats';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';
import { waitFor } from '../helpers/jobs';

let h: DbHandle;

async function sweep() {
  const [eventId] = await enqueue({ name: listeningSweepRequested.name, data: {} });
  const run = await waitFor('the sweep to finish', async () => {
    const [row] = await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, eventId!));
    return row && (row.status === 'completed' || row.status === 'failed') ? row : undefined;
  });
  expect(run.status).toBe('completed');
  return run.output as { closed: number; skips: number };
}

const state = async (id: string) => {
  const [row] = await h.db.select({ endedAt: listeningSessions.endedAt, countedAt: listeningSessions.countedAt }).from(listeningSessions).where(eq(listeningSessions.id, id));
  return { ended: row!.endedAt !== null, counted: row!.countedAt !== null };
};

// The app's own sweeper function, run by the app's embedded driver, on each database.
describe.each(BOTH_DATABASES)('the idle listening session sweeper on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h), { jobs: true });

  it('ends sessions silent for MIST_LISTENING_IDLE_MINUTES, recording skips for those never counted, once', async () => {
    const lee = await insertUser(h.db, { email: 'lee@example.org', displayName: 'Lee', passwordHash: 'x', role: 'user' });
    const song = await insertTrack(h.db, { title: 'Song', status: 'ready', durationMs: 200_000, originalFilename: 's.flac', originalKey: 'originals/s', declaredContentType: 'audio/flac' });
    const open = async (heardMs: number | null) => {
      const { id } = await insertListeningSession(h.db, { userId: lee.id, trackId: song.id, clientInfo: null });
      await h.db.update(listeningSessions).set({ startedAt: sql`now() - interval '1 hour'`, keyFetchedAt: sql`now() - interval '1 hour'` }).where(eq(listeningSessions.id, id));
      if (heardMs !== null) await recordHeartbeat(h.db, { userId: lee.id }, id, { seq: 1, heardMs, positionMs: heardMs });
      return id;
    };
    const silentFor = (id: string, minutes: number) =>
      h.db.update(listeningSessions).set({ lastBeatAt: sql`now() - make_interval(mins => ${minutes})` }).where(eq(listeningSessions.id, id));

    const abandoned = await open(12_000); // heard a little, then the tab died
    const played = await open(45_000); // a play, never ended by the player
    const listening = await open(20_000); // still beating
    const neverPlayed = await open(null); // no beat at all: nothing was heard
    await silentFor(abandoned, 6);
    await silentFor(played, 30);
    await silentFor(listening, 1);
    await silentFor(neverPlayed, 20);

    expect(await sweep()).toEqual({ closed: 3, skips: 1 });
    expect(await state(abandoned)).toEqual({ ended: true, counted: false });
    expect(await state(played)).toEqual({ ended: true, counted: true });
    expect(await state(listening)).toEqual({ ended: false, counted: false });
    expect(await state(neverPlayed)).toEqual({ ended: true, counted: false });
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 1 });

    // The skip lands in the hour of the last beat.
    const [lastBeat] = await h.db.select({ hour: sql<string>`date_trunc('hour', ${listeningSessions.lastBeatAt}, 'UTC')::text` }).from(listeningSessions).where(eq(listeningSessions.id, abandoned));
    const skipRows = await h.db.select({ hour: sql<string>`${listeningHourly.hour}::text`, skips: listeningHourly.skips }).from(listeningHourly).where(sql`${listeningHourly.skips} > 0`);
    expect(skipRows).toEqual([{ hour: lastBeat!.hour, skips: 1 }]);

    // A closed session takes no more beats; the next sweep finds nothing more to do.
    await expect(recordHeartbeat(h.db, { userId: lee.id }, abandoned, { seq: 2, heardMs: 40_000, positionMs: 40_000 })).rejects.toMatchObject({ code: 'conflict' });
    expect(await sweep()).toEqual({ closed: 0, skips: 0 });
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 1 });
  });
});

// Without the driver, whose five-minute sweep would end these sessions too.
describe.each(BOTH_DATABASES)('closing idle sessions in batches on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  it('ends at most a batch of sessions per call, the longest silent first', async () => {
    const kim = await insertUser(h.db, { email: 'kim@example.org', displayName: 'Kim', passwordHash: 'x', role: 'user' });
    const song = await insertTrack(h.db, { title: 'Batch', status: 'ready', durationMs: 200_000, originalFilename: 'b.flac', originalKey: 'originals/b', declaredContentType: 'audio/flac' });
    const silent: string[] = [];
    for (let minutes = 60; minutes > 10; minutes -= 10) {
      const { id } = await insertListeningSession(h.db, { userId: kim.id, trackId: song.id, clientInfo: null });
      await h.db.update(listeningSessions).set({ lastBeatAt: sql`now() - make_interval(mins => ${minutes})` }).where(eq(listeningSessions.id, id));
      silent.push(id);
    }
    const before = new Date(Date.now() - 5 * 60_000);
    const ended = async () => (await Promise.all(silent.map(state))).map((s) => s.ended);

    expect(await closeIdleSessions(h.db, before, 2)).toEqual({ closed: 2, skips: 0 });
    expect(await ended()).toEqual([true, true, false, false, false]);
    expect(await closeIdleSessions(h.db, before, 2)).toEqual({ closed: 2, skips: 0 });
    expect(await closeIdleSessions(h.db, before, 2)).toEqual({ closed: 1, skips: 0 });
    expect(await closeIdleSessions(h.db, before, 2)).toEqual({ closed: 0, skips: 0 });
    expect(await ended()).toEqual([true, true, true, true, true]);
  });

  it('runs alongside heartbeats without deadlocks, counting every session once, as a play or a skip', async () => {
    const songs = await Promise.all(['One', 'Two', 'Three'].map((title) => insertTrack(h.db, { title, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })));
    const sessions: { userId: string; id: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const u = await insertUser(h.db, { email: `busy${i}@example.org`, displayName: `B${i}`, passwordHash: 'x', role: 'user' });
      const { id } = await insertListeningSession(h.db, { userId: u.id, trackId: songs[i % 3]!.id, clientInfo: null });
      await h.db.update(listeningSessions).set({ startedAt: sql`now() - interval '1 hour'`, keyFetchedAt: sql`now() - interval '1 hour'` }).where(eq(listeningSessions.id, id));
      sessions.push({ userId: u.id, id });
    }
    const beat = ({ userId, id }: { userId: string; id: string }, seq: number) => recordHeartbeat(h.db, { userId }, id, { seq, heardMs: seq * 10_000, positionMs: seq * 10_000 });
    await Promise.all(sessions.map((session) => beat(session, 2))); // 20 s heard: not a play yet

    // Each listener's next beat makes a play; a sweep that ends the session first makes a
    // skip. Sweeps treat every open session as idle, and race the beats for every one.
    const before = new Date(Date.now() + 3_600_000);
    const lastBeats = sessions.map((session) => beat(session, 3).catch((error: unknown) => ((error as { code?: string }).code === 'conflict' ? 'ended first' : Promise.reject(error))));
    const sweeps = async () => {
      while ((await closeIdleSessions(h.db, before, 2)).closed > 0);
    };
    await Promise.all([...lastBeats, sweeps(), sweeps()]);
    while ((await closeIdleSessions(h.db, before, 100)).closed > 0);

    const rows = await h.db
      .select({ trackId: listeningSessions.trackId, ended: listeningSessions.endedAt, counted: listeningSessions.countedAt })
      .from(listeningSessions)
      .where(inArray(listeningSessions.id, sessions.map((s) => s.id)));
    expect(rows.every((r) => r.ended !== null)).toBe(true);
    for (const song of songs) {
      const mine = rows.filter((r) => r.trackId === song.id);
      const plays = mine.filter((r) => r.counted !== null).length;
      expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays, skips: 10 - plays });
      const [hourly] = await h.db
        .select({ plays: sql<number>`sum(${listeningHourly.plays})::int`, skips: sql<number>`sum(${listeningHourly.skips})::int` })
        .from(listeningHourly)
        .where(eq(listeningHourly.trackId, song.id));
      expect({ plays: hourly!.plays ?? 0, skips: hourly!.skips ?? 0 }).toEqual({ plays, skips: 10 - plays });
    }
  });
});
