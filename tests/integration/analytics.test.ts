import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { insertTrack, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { listeningHourly, listeningSessions, trackStats } from '@/db/schema';
import { getAnalytics } from '@/lib/listening/analytics';
import { recordHeartbeat } from '@/lib/listening/heartbeats';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let stop: () => Promise<void>;
const now = new Date();
const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const dayOf = (daysAgo: number) => new Date(today - daysAgo * 86_400_000).toISOString().slice(0, 10);
const ids = { lee: '', ana: '', ben: '', alpha: '', beta: '', gamma: '', delta: '' };

/** Past listening, as the heartbeats would have left it: the hourly rollup and the track's counters. */
async function past(trackId: string, daysAgo: number, add: { plays: number; skips?: number }) {
  const hour = new Date(today - daysAgo * 86_400_000 + 12 * 3_600_000);
  const skips = add.skips ?? 0;
  await h.db.insert(listeningHourly).values({ hour, trackId, plays: add.plays, skips, msHeard: add.plays * 180_000 + skips * 10_000 });
  await h.db
    .insert(trackStats)
    .values({ trackId, plays: add.plays, skips })
    .onConflictDoUpdate({ target: trackStats.trackId, set: { plays: sql`${trackStats.plays} + ${add.plays}`, skips: sql`${trackStats.skips} + ${skips}` } });
}

/** A real session through the heartbeat code (its key fetched an hour ago): heard `heardMs`, ended or still open. */
async function listen(userId: string, trackId: string, heardMs: number, ended: boolean) {
  const { id } = await insertListeningSession(h.db, { userId, trackId, clientInfo: null });
  await h.db.update(listeningSessions).set({ startedAt: sql`now() - interval '1 hour'`, keyFetchedAt: sql`now() - interval '1 hour'` }).where(eq(listeningSessions.id, id));
  await recordHeartbeat(h.db, { userId }, id, { seq: 1, heardMs, positionMs: heardMs, ...(ended ? { ended: true } : {}) });
  return id;
}

describe.each(BOTH_DATABASES)('admin analytics on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
    for (const name of ['lee', 'ana', 'ben'] as const) {
      ids[name] = (await insertUser(h.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', role: 'user' })).id;
    }
    const aurora = await upsertArtist(h.db, 'Aurora');
    const bo = await upsertArtist(h.db, 'Bo');
    const track = async (title: string, artistId: string | null) =>
      (await insertTrack(h.db, { title, artistId, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })).id;
    ids.alpha = await track('Alpha', aurora);
    ids.beta = await track('Beta', aurora);
    ids.gamma = await track('Gamma', bo);
    ids.delta = await track('Delta', null);

    await past(ids.alpha, 40, { plays: 50 });
    await past(ids.alpha, 0, { plays: 3, skips: 1 });
    await past(ids.beta, 10, { plays: 6, skips: 4 });
    await past(ids.beta, 2, { plays: 2 });
    await past(ids.gamma, 1, { plays: 5 });
    await past(ids.delta, 0, { plays: 1, skips: 3 });
    // Today, through the real code: a play still going, a skip, and others.
    await listen(ids.lee, ids.gamma, 31_000, false);
    await listen(ids.ana, ids.gamma, 5_000, true);
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    await stop?.();
  });

  it('totals plays and minutes per UTC day, empty days included', async () => {
    const a = await getAnalytics(h.db, 7, now);
    expect(a.daily.map((d) => [d.day, d.plays, d.skips])).toEqual([
      [dayOf(6), 0, 0],
      [dayOf(5), 0, 0],
      [dayOf(4), 0, 0],
      [dayOf(3), 0, 0],
      [dayOf(2), 2, 0],
      [dayOf(1), 5, 0],
      [dayOf(0), 5, 5],
    ]);
    expect(a.daily[5]!.msHeard).toBe(5 * 180_000);
    expect(a.totals).toMatchObject({ plays: 12, skips: 5 });
  });

  it('ranks top tracks and artists over the chosen window', async () => {
    const week = await getAnalytics(h.db, 7, now);
    expect(week.topTracks.map((t) => [t.title, t.artist, t.plays, t.allTimePlays])).toEqual([
      ['Gamma', 'Bo', 6, 6],
      ['Alpha', 'Aurora', 3, 53],
      ['Beta', 'Aurora', 2, 8],
      ['Delta', null, 1, 1],
    ]);
    expect(week.topArtists.map((a) => [a.artist, a.tracks, a.plays])).toEqual([
      ['Bo', 1, 6],
      ['Aurora', 2, 5],
      [null, 1, 1],
    ]);
    const month = await getAnalytics(h.db, 30, now);
    expect(month.topTracks.map((t) => [t.title, t.plays])).toEqual([
      ['Beta', 8],
      ['Gamma', 6],
      ['Alpha', 3],
      ['Delta', 1],
    ]);
    expect(month.topArtists.map((a) => [a.artist, a.plays])).toEqual([
      ['Aurora', 11],
      ['Bo', 6],
      [null, 1],
    ]);
    expect((await getAnalytics(h.db, 90, now)).topTracks[0]).toMatchObject({ title: 'Alpha', plays: 53 });
  });

  it('gives skip rates only for tracks with at least 5 sessions, highest first', async () => {
    const month = await getAnalytics(h.db, 30, now);
    expect(month.skipRates.map((r) => [r.title, r.plays, r.skips, Math.round(r.skipRate * 1000) / 1000])).toEqual([
      ['Beta', 8, 4, 0.333],
      ['Gamma', 6, 1, 0.143],
    ]);
    // Over a week, Beta's skips fall outside, and Alpha (3 + 1) and Delta (1 + 3) have too few sessions.
    expect((await getAnalytics(h.db, 7, now)).skipRates.map((r) => r.title)).toEqual(['Gamma']);
  });

  it('counts listeners active now: open sessions heard from in the last two minutes', async () => {
    // lee's Gamma play is open and beat just now; ana's ended. Add: lee on a second track,
    // ben silent for ten minutes, ana just starting (no beat yet).
    await listen(ids.lee, ids.alpha, 10_000, false);
    const silent = await listen(ids.ben, ids.beta, 10_000, false);
    await h.db.update(listeningSessions).set({ lastBeatAt: sql`now() - interval '10 minutes'` }).where(eq(listeningSessions.id, silent));
    expect((await getAnalytics(h.db, 7, now)).active).toEqual({ listeners: 1, sessions: 2 });
    await insertListeningSession(h.db, { userId: ids.ana, trackId: ids.delta, clientInfo: null });
    expect((await getAnalytics(h.db, 7, now)).active).toEqual({ listeners: 2, sessions: 3 });
  });
});
