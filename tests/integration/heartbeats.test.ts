import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { getTrackPlayStats, getUserTrackPlays, listPopularTracks } from '@/db/queries/plays';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { listeningHourly, listeningSessions, users, userTrackPlays } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { recordHeartbeat } from '@/lib/listening/heartbeats';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let stop: () => Promise<void>;

const user = (email: string) => insertUser(h.db, { email, displayName: email, passwordHash: 'x', role: 'user' });
const track = (title: string, durationMs: number | null, status: 'ready' | 'processing' = 'ready') =>
  insertTrack(h.db, { title, status, durationMs, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' });

/**
 * A session whose listener started it, and whose player fetched the key, `agoMs` ago: heard
 * time cannot exceed that (plus slack).
 */
async function session(userId: string, trackId: string, agoMs = 3_600_000) {
  const { id } = await insertListeningSession(h.db, { userId, trackId, clientInfo: null });
  const ago = sql`now() - make_interval(secs => ${agoMs / 1000})`;
  await h.db.update(listeningSessions).set({ startedAt: ago, keyFetchedAt: ago }).where(eq(listeningSessions.id, id));
  return id;
}

const beat = (userId: string, sessionId: string, seq: number, heardMs: number, extra: { positionMs?: number; ended?: boolean } = {}) =>
  recordHeartbeat(h.db, { userId }, sessionId, { seq, heardMs, positionMs: extra.positionMs ?? heardMs, ...(extra.ended ? { ended: true } : {}) });

async function hourly(trackId: string) {
  const rows = await h.db.select().from(listeningHourly).where(eq(listeningHourly.trackId, trackId));
  return rows.reduce((t, r) => ({ plays: t.plays + r.plays, skips: t.skips + r.skips, msHeard: t.msHeard + r.msHeard }), { plays: 0, skips: 0, msHeard: 0 });
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return error instanceof AppError ? error.code : error;
}

// The counting must hold on the embedded database and on PostgreSQL alike.
describe.each(BOTH_DATABASES)('heartbeats and play counts on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    await stop?.();
  });

  it('counts a play once 30 s have been heard, and only once', async () => {
    const lee = await user('lee@example.org');
    const song = await track('Long Song', 240_000);
    const id = await session(lee.id, song.id);
    expect(await beat(lee.id, id, 1, 15_000)).toEqual({ counted: false, heardMs: 15_000, ended: false });
    expect((await beat(lee.id, id, 2, 29_999)).counted).toBe(false);
    expect(await getUserTrackPlays(h.db, lee.id, song.id)).toEqual({ plays: 0, lastPlayedAt: null });
    expect(await beat(lee.id, id, 3, 30_000)).toEqual({ counted: true, heardMs: 30_000, ended: false });
    expect(await beat(lee.id, id, 4, 45_000, { ended: true })).toEqual({ counted: true, heardMs: 45_000, ended: true });

    expect((await getUserTrackPlays(h.db, lee.id, song.id)).plays).toBe(1);
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 0 });
    expect(await hourly(song.id)).toEqual({ plays: 1, skips: 0, msHeard: 45_000 });

    // A second session of the same listener is a second play.
    const again = await session(lee.id, song.id);
    expect((await beat(lee.id, again, 1, 31_000)).counted).toBe(true);
    expect((await getUserTrackPlays(h.db, lee.id, song.id)).plays).toBe(2);
  });

  it('counts half of a 40 s track', async () => {
    const ana = await user('ana@example.org');
    const jingle = await track('Jingle', 40_000);
    const id = await session(ana.id, jingle.id);
    expect((await beat(ana.id, id, 1, 19_999)).counted).toBe(false);
    expect((await beat(ana.id, id, 2, 20_000)).counted).toBe(true);
    expect(await getTrackPlayStats(h.db, jingle.id)).toEqual({ plays: 1, skips: 0 });
  });

  it('gives nothing for seeking forward: heard time is capped by the time since the session started, and never goes back', async () => {
    const ben = await user('ben@example.org');
    const song = await track('Seekable', 300_000);
    const id = await session(ben.id, song.id, 10_000);
    // The player jumped to 3:20 and claims 40 s heard, 10 s after starting.
    const reply = await beat(ben.id, id, 1, 40_000, { positionMs: 200_000 });
    expect(reply.counted).toBe(false);
    expect(reply.heardMs).toBeGreaterThanOrEqual(10_000);
    expect(reply.heardMs).toBeLessThan(15_000);
    // A later beat reporting less heard does not lower it.
    expect((await beat(ben.id, id, 2, 2_000, { positionMs: 202_000 })).heardMs).toBe(reply.heardMs);
    expect((await getUserTrackPlays(h.db, ben.id, song.id)).plays).toBe(0);
    expect((await hourly(song.id)).msHeard).toBe(reply.heardMs);
  });

  it('ignores duplicate and out-of-order beats', async () => {
    const cy = await user('cy@example.org');
    const song = await track('Ordered', 200_000);
    const id = await session(cy.id, song.id);
    expect((await beat(cy.id, id, 2, 20_000)).heardMs).toBe(20_000);
    // seq 1 arrives late, and seq 2 again with another value: neither changes anything.
    expect(await beat(cy.id, id, 1, 35_000)).toEqual({ counted: false, heardMs: 20_000, ended: false });
    expect(await beat(cy.id, id, 2, 40_000)).toEqual({ counted: false, heardMs: 20_000, ended: false });
    expect((await beat(cy.id, id, 3, 31_000)).counted).toBe(true);
    expect(await beat(cy.id, id, 3, 31_000)).toEqual({ counted: true, heardMs: 31_000, ended: false });
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 0 });
    expect(await hourly(song.id)).toEqual({ plays: 1, skips: 0, msHeard: 31_000 });
  });

  it('never double counts 20 concurrent copies of a beat, nor 20 concurrent beats past the threshold', async () => {
    const dee = await user('dee@example.org');
    const song = await track('Busy', 180_000);
    const id = await session(dee.id, song.id);
    await beat(dee.id, id, 1, 25_000);
    const copies = await Promise.all(Array.from({ length: 20 }, () => beat(dee.id, id, 2, 30_000)));
    expect(copies.every((r) => r.counted && r.heardMs === 30_000)).toBe(true);
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 0 });
    expect(await hourly(song.id)).toEqual({ plays: 1, skips: 0, msHeard: 30_000 });

    const other = await session(dee.id, song.id);
    await Promise.all(Array.from({ length: 20 }, (_, i) => beat(dee.id, other, i + 1, 28_000 + i * 1_000)));
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 2, skips: 0 });
    expect((await getUserTrackPlays(h.db, dee.id, song.id)).plays).toBe(2);
    expect((await hourly(song.id)).msHeard).toBe(30_000 + 47_000);
  });

  it('records a skip when a session ends before it counts, once', async () => {
    const eve = await user('eve@example.org');
    const song = await track('Skippable', 200_000);
    const id = await session(eve.id, song.id);
    await beat(eve.id, id, 1, 4_000);
    expect(await beat(eve.id, id, 2, 8_000, { ended: true })).toEqual({ counted: false, heardMs: 8_000, ended: true });
    // The ended beat again (a retry) is answered, not counted again; a new beat is refused.
    expect(await beat(eve.id, id, 2, 8_000, { ended: true })).toEqual({ counted: false, heardMs: 8_000, ended: true });
    expect(await failure(beat(eve.id, id, 3, 40_000))).toBe('conflict');
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 0, skips: 1 });
    expect(await hourly(song.id)).toEqual({ plays: 0, skips: 1, msHeard: 8_000 });

    // An ending beat that reaches the threshold is a play, not a skip.
    const full = await session(eve.id, song.id);
    expect(await beat(eve.id, full, 1, 33_000, { ended: true })).toEqual({ counted: true, heardMs: 33_000, ended: true });
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 1, skips: 1 });
  });

  it('accepts beats only from the session’s owner, for a session that exists, in the expected shape', async () => {
    const fay = await user('fay@example.org');
    const gus = await user('gus@example.org');
    const song = await track('Private', 200_000);
    const id = await session(fay.id, song.id);
    expect(await failure(beat(gus.id, id, 1, 31_000))).toBe('forbidden');
    expect(await failure(beat(fay.id, '00000000-0000-4000-8000-000000000000', 1, 1_000))).toBe('not_found');
    for (const bad of [{ seq: 1, heardMs: 1.5, positionMs: 0 }, { seq: 0, heardMs: 0, positionMs: 0 }, { seq: 1, heardMs: -1, positionMs: 0 }, { seq: 1, heardMs: 0, positionMs: 0, extra: 1 }, { seq: 1, heardMs: 0 }]) {
      expect(await failure(recordHeartbeat(h.db, { userId: fay.id }, id, bad))).toMatchObject({ name: 'ZodError' });
    }
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 0, skips: 0 });
    expect((await beat(fay.id, id, 1, 31_000)).counted).toBe(true);
  });

  it('applies beats that arrive together each to its own session, whoever else writes to it', async () => {
    const listeners = await Promise.all(['h1', 'h2', 'h3', 'h4', 'h5'].map((n) => user(`${n}@example.org`)));
    const stranger = await user('stranger@example.org');
    const song = await track('Crowded', 200_000);
    const ids = await Promise.all(listeners.map((l) => session(l.id, song.id)));
    // All in one turn of the event loop, so they share a batch: a stranger's beat with a
    // higher seq for the first session must not displace its owner's.
    const outcomes = await Promise.allSettled([
      beat(stranger.id, ids[0]!, 99, 60_000),
      ...listeners.map((l, i) => beat(l.id, ids[i]!, 1, 31_000 + i)),
      beat(stranger.id, ids[2]!, 99, 60_000),
      beat(listeners[1]!.id, ids[1]!, 1, 31_001), // a copy of the second listener's beat
    ]);
    expect(outcomes.slice(1, 6).map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual(
      listeners.map((_, i) => ({ counted: true, heardMs: 31_000 + i, ended: false })),
    );
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    expect(outcomes[6]).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    expect(outcomes[7]).toEqual({ status: 'fulfilled', value: { counted: true, heardMs: 31_001, ended: false } });
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 5, skips: 0 });
    expect(await hourly(song.id)).toEqual({ plays: 5, skips: 0, msHeard: 5 * 31_000 + 10 });
    for (const l of listeners) expect((await getUserTrackPlays(h.db, l.id, song.id)).plays).toBe(1);
  });

  it('refuses beats from a disabled account or a signed-out cookie, and changes nothing', async () => {
    const ivy = await user('ivy@example.org');
    const song = await track('Signed Out', 200_000);
    const id = await session(ivy.id, song.id);
    await h.db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, ivy.id));
    // A cookie minted before the password change carries session version 0.
    expect(await failure(recordHeartbeat(h.db, { userId: ivy.id, sessionVersion: 0 }, id, { seq: 1, heardMs: 31_000, positionMs: 31_000 }))).toBe('unauthorized');
    await h.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, ivy.id));
    expect(await failure(recordHeartbeat(h.db, { userId: ivy.id, sessionVersion: 1 }, id, { seq: 1, heardMs: 31_000, positionMs: 31_000 }))).toBe('unauthorized');
    expect(await failure(beat(ivy.id, id, 2, 31_000))).toBe('unauthorized');
    expect(await getTrackPlayStats(h.db, song.id)).toEqual({ plays: 0, skips: 0 });
    expect(await hourly(song.id)).toEqual({ plays: 0, skips: 0, msHeard: 0 });
  });

  it('lists popular tracks over a window: by listeners, then plays and time heard from the hourly rollup', async () => {
    const [a, b, c, hidden] = await Promise.all([track('Pop A', 200_000), track('Pop B', 200_000), track('Pop C', 200_000), track('Pop Hidden', 200_000, 'processing')]);
    const now = Date.now();
    const hour = (hoursAgo: number) => new Date(Math.floor(now / 3_600_000) * 3_600_000 - hoursAgo * 3_600_000);
    // Two listeners each in the week; c's third listener last played it 8 days ago.
    const fans = await Promise.all(['pop1', 'pop2', 'pop3'].map((n) => user(`${n}@example.org`)));
    await h.db.insert(userTrackPlays).values([
      ...[a, b, c, hidden].flatMap((t) => fans.slice(0, 2).map((f) => ({ userId: f.id, trackId: t.id, plays: 1, lastPlayedAt: hour(1) }))),
      { userId: fans[2]!.id, trackId: c.id, plays: 50, lastPlayedAt: hour(24 * 8) },
    ]);
    await h.db.insert(listeningHourly).values([
      { hour: hour(1), trackId: a.id, plays: 3, msHeard: 90_000 },
      { hour: hour(30), trackId: a.id, plays: 2, msHeard: 60_000 },
      { hour: hour(2), trackId: b.id, plays: 5, msHeard: 100_000 },
      { hour: hour(24 * 8), trackId: c.id, plays: 50, msHeard: 1_000_000 },
      { hour: hour(3), trackId: c.id, plays: 5, msHeard: 120_000 },
      { hour: hour(1), trackId: hidden.id, plays: 99, msHeard: 1 },
    ]);
    const week = await listPopularTracks(h.db, { since: new Date(now - 7 * 86_400_000), limit: 50 });
    // Two listeners and five plays each in the week (c's 50 are older), ordered by time heard; the unready track is left out.
    expect(week.filter((t) => [a.id, b.id, c.id, hidden.id].includes(t.trackId))).toEqual([
      { trackId: a.id, listeners: 2, plays: 5, msHeard: 150_000 },
      { trackId: c.id, listeners: 2, plays: 5, msHeard: 120_000 },
      { trackId: b.id, listeners: 2, plays: 5, msHeard: 100_000 },
    ]);
    const day = await listPopularTracks(h.db, { since: new Date(now - 86_400_000), limit: 50 });
    expect(day.find((t) => t.trackId === a.id)).toEqual({ trackId: a.id, listeners: 2, plays: 3, msHeard: 90_000 });
    expect(await listPopularTracks(h.db, { since: new Date(now - 7 * 86_400_000), limit: 1 })).toHaveLength(1);
  });
});
