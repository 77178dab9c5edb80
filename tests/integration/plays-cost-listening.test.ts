import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { addToTracks, addUserPlays, closeIdleSessions } from '@/db/queries/heartbeats';
import { insertListeningSession, openListeningSession } from '@/db/queries/listening';
import { getTrackPlayStats, listPopularTracks } from '@/db/queries/plays';
import { ensureTrackKey, insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { listeningSessions } from '@/db/schema';
import { applyHeartbeats, recordHeartbeat } from '@/lib/listening/heartbeats';
import { HEARD_SLACK_MS } from '@/lib/listening/plays';
import { forgetKeyGrantsHere, keyForListener } from '@/lib/playback/key-grants';
import { MAX_LIVE_SESSIONS } from '@/lib/playback/sessions';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';

// Issue 12, item 5: a play costs listening. Heard time counts only once the session's key
// was fetched, only while the session is its listener's live one, and never runs ahead of
// the clock over all of a listener's sessions together; "popular" counts listeners.

let h: DbHandle;
let n = 0;
const HOUR = 3_600_000;
const user = () => insertUser(h.db, { email: `l${++n}@example.org`, displayName: `L${n}`, passwordHash: 'x', role: 'user' });
async function track(durationMs = 200_000) {
  const t = await insertTrack(h.db, { title: `T${++n}`, status: 'ready', durationMs, originalFilename: 't.flac', originalKey: `originals/${n}`, declaredContentType: 'audio/flac' });
  await ensureTrackKey(h.db, t.id, 1, { keyHex: '00'.repeat(16), ivHex: '00'.repeat(16) });
  return t.id;
}
const ago = (ms: number) => sql`now() - make_interval(secs => ${ms / 1000})`;
/** A session started `startedAgoMs` ago; its key fetched `keyAgoMs` ago, or never (null). */
async function session(userId: string, trackId: string, keyAgoMs: number | null, startedAgoMs = keyAgoMs ?? 60_000) {
  const { id } = await insertListeningSession(h.db, { userId, trackId, clientInfo: null });
  await h.db
    .update(listeningSessions)
    .set({ startedAt: ago(startedAgoMs), keyFetchedAt: keyAgoMs === null ? null : ago(keyAgoMs), lastBeatAt: ago(startedAgoMs) })
    .where(eq(listeningSessions.id, id));
  return id;
}
const beat = (userId: string, sessionId: string, seq: number, heardMs: number, ended = false) =>
  recordHeartbeat(h.db, { userId }, sessionId, { seq, heardMs, positionMs: heardMs, ...(ended ? { ended: true } : {}) });
const row = async (id: string) => (await h.db.select().from(listeningSessions).where(eq(listeningSessions.id, id)))[0]!;
const askKey = (userId: string, trackId: string) => keyForListener(h.db, { userId }, trackId, { sessionMaxAgeMs: 12 * HOUR, cacheMs: 5_000, limit: async () => {} });

describe.each(BOTH_DATABASES)('what makes a play on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  it('a session whose key was never fetched hears nothing: no play, no skip, however long ago it started', async () => {
    const mallory = await user();
    const song = await track(4_000);
    const ids = await Promise.all(Array.from({ length: 40 }, () => session(mallory.id, song, null, HOUR)));
    const replies = await Promise.all(ids.map((id) => beat(mallory.id, id, 1, 4_000, true)));
    expect(replies.every((r) => !r.counted && r.heardMs === 0 && r.ended)).toBe(true);
    expect(await getTrackPlayStats(h.db, song)).toEqual({ plays: 0, skips: 0 });

    // Nor when the sweeper closes one that had a beat.
    const silent = await session(mallory.id, song, null, HOUR);
    await beat(mallory.id, silent, 1, 4_000);
    await h.db.update(listeningSessions).set({ lastBeatAt: ago(HOUR) }).where(eq(listeningSessions.id, silent));
    expect(await closeIdleSessions(h.db, new Date(Date.now() - 60_000), 100)).toMatchObject({ skips: 0 });
    expect(await getTrackPlayStats(h.db, song)).toEqual({ plays: 0, skips: 0 });
  });

  it('the key route marks the listener’s newest live session of the track, from its grant cache too', async () => {
    const lee = await user();
    const other = await user();
    const song = await track();
    const first = await session(lee.id, song, null, 1_000);
    const theirs = await session(other.id, song, null, 1_000);
    forgetKeyGrantsHere();
    await askKey(lee.id, song);
    expect((await row(first)).keyFetchedAt).not.toBeNull();
    expect((await row(theirs)).keyFetchedAt).toBeNull();

    // A new session a moment later: the grant is remembered, and the new session is marked all the same.
    const second = await session(lee.id, song, null, 0);
    await askKey(lee.id, song);
    expect((await row(second)).keyFetchedAt).not.toBeNull();
    expect((await row(first)).keyFetchedAt!.getTime()).toBeLessThan((await row(second)).keyFetchedAt!.getTime());

    // Ended and superseded sessions are never marked; a request with nothing to mark changes nothing.
    const ended = await session(lee.id, song, null, 0);
    await h.db.update(listeningSessions).set({ endedAt: sql`now()` }).where(eq(listeningSessions.id, ended));
    const superseded = await session(lee.id, song, null, 0);
    await h.db.update(listeningSessions).set({ supersededAt: sql`now()` }).where(eq(listeningSessions.id, superseded));
    await askKey(lee.id, song);
    expect((await row(ended)).keyFetchedAt).toBeNull();
    expect((await row(superseded)).keyFetchedAt).toBeNull();
  });

  it('heard time over all of a listener’s sessions never runs ahead of the clock', async () => {
    const mel = await user();
    const song = await track();
    // Two sessions keyed 40 s ago: 40 s (+ slack) of listening to share, not 80.
    const [a, b] = [await session(mel.id, song, 40_000), await session(mel.id, song, 40_000)];
    expect(await beat(mel.id, a, 1, 35_000)).toMatchObject({ counted: true, heardMs: 35_000 });
    const second = await beat(mel.id, b, 1, 35_000);
    expect(second.counted).toBe(false);
    expect(second.heardMs).toBeLessThanOrEqual(40_000 + HEARD_SLACK_MS - 35_000 + 1_000);

    // Another listener's thirty sessions keyed 20 s ago, every beat in one batch: 20 s (+ slack) in all.
    const zoe = await user();
    const keyed = Date.now();
    const sessions = await Promise.all(Array.from({ length: 30 }, () => session(zoe.id, song, 20_000)));
    const replies = await Promise.all(sessions.map((id) => beat(zoe.id, id, 1, 31_000)));
    const credited = replies.reduce((sum, r) => sum + r.heardMs, 0);
    expect(credited).toBeGreaterThanOrEqual(20_000);
    // What the server's clock allows: the 20 s, the slack, and the time this test has taken since.
    expect(credited).toBeLessThanOrEqual(20_000 + HEARD_SLACK_MS + (Date.now() - keyed));
    expect(replies.filter((r) => r.counted)).toEqual([]);

    // A listener who hears one track after another loses nothing.
    const honest = await user();
    const one = await session(honest.id, song, 65_000);
    expect(await beat(honest.id, one, 1, 31_000, true)).toMatchObject({ counted: true, heardMs: 31_000 });
    const two = await session(honest.id, song, 33_000);
    expect(await beat(honest.id, two, 1, 31_000, true)).toMatchObject({ counted: true, heardMs: 31_000 });
  });

  it('holds when batches for one listener run at once, as on several instances', async () => {
    const eve = await user();
    const song = await track();
    const keyed = Date.now();
    const sessions = await Promise.all(Array.from({ length: 20 }, () => session(eve.id, song, 30_000)));
    // One batch per session, all at once: on PostgreSQL, concurrent transactions on a real pool.
    const outcomes = await Promise.all(sessions.map((id) => applyHeartbeats(h.db, [{ sessionId: id, userId: eve.id, seq: 1, positionMs: 31_000, heardMs: 31_000, ended: false }])));
    const heard = outcomes.flat().reduce((sum, r) => sum + ('heardMs' in r ? r.heardMs : 0), 0);
    expect(heard).toBeLessThanOrEqual(30_000 + HEARD_SLACK_MS + (Date.now() - keyed));
    expect((await getTrackPlayStats(h.db, song)).plays).toBeLessThanOrEqual(1);
  });

  it('a new session supersedes the same device’s live one, and past the bound the least recently heard; a superseded session stops accruing', async () => {
    const dee = await user();
    const song = await track();
    const open = (deviceId: string | null) => openListeningSession(h.db, { userId: dee.id, trackId: song, clientInfo: null, deviceId }, MAX_LIVE_SESSIONS);
    const phone1 = await open('phone-0001');
    const laptop = await open('laptop-0001');
    const phone2 = await open('phone-0001');
    expect((await row(phone1.id)).supersededAt).not.toBeNull();
    expect((await row(laptop.id)).supersededAt).toBeNull();
    expect((await row(phone2.id)).supersededAt).toBeNull();

    // Heard time of the superseded session stops where it was superseded.
    await h.db.update(listeningSessions).set({ keyFetchedAt: ago(60_000), supersededAt: ago(50_000) }).where(eq(listeningSessions.id, phone1.id));
    expect(await beat(dee.id, phone1.id, 1, 40_000, true)).toMatchObject({ counted: false, heardMs: 10_000, ended: true });

    // Five live sessions at most: past that, the one heard from least recently goes, here
    // the phone's (never a beat), not the laptop's (a beat after the others started).
    for (let i = 0; i < MAX_LIVE_SESSIONS - 2; i++) await open(null);
    await beat(dee.id, laptop.id, 1, 0);
    await open(null);
    const live = await h.db
      .select({ id: listeningSessions.id })
      .from(listeningSessions)
      .where(sql`${listeningSessions.userId} = ${dee.id} and ${listeningSessions.endedAt} is null and ${listeningSessions.supersededAt} is null`);
    expect(live).toHaveLength(MAX_LIVE_SESSIONS);
    expect(live.map((r) => r.id)).toContain(laptop.id);
    expect(live.map((r) => r.id)).not.toContain(phone2.id);
  });

  it('keeps the bound when many sessions start at once', async () => {
    const zed = await user();
    const song = await track();
    await Promise.all(Array.from({ length: 25 }, (_, i) => openListeningSession(h.db, { userId: zed.id, trackId: song, clientInfo: null, deviceId: `device-${1000 + i}` }, MAX_LIVE_SESSIONS)));
    const rows = await h.db.select({ id: listeningSessions.id, supersededAt: listeningSessions.supersededAt }).from(listeningSessions).where(eq(listeningSessions.userId, zed.id));
    expect(rows).toHaveLength(25);
    expect(rows.filter((r) => r.supersededAt === null)).toHaveLength(MAX_LIVE_SESSIONS);
  });

  it('ranks popular tracks by listeners in the window: one account’s many plays do not outrank a track heard by three', async () => {
    const [fan, a, b, c] = [await user(), await user(), await user(), await user()];
    const [loved, shared] = [await track(), await track()];
    await addUserPlays(h.db, [{ userId: fan.id, trackId: loved, plays: 40 }]);
    await addToTracks(h.db, [{ trackId: loved, plays: 40, skips: 0, msHeard: 40 * 31_000 }]);
    await addUserPlays(h.db, [a, b, c].map((u) => ({ userId: u.id, trackId: shared, plays: 1 })));
    await addToTracks(h.db, [{ trackId: shared, plays: 3, skips: 0, msHeard: 3 * 31_000 }]);
    const ranking = await listPopularTracks(h.db, { since: new Date(Date.now() - 7 * 24 * HOUR), limit: 50 });
    const mine = ranking.filter((t) => [loved, shared].includes(t.trackId));
    expect(mine).toEqual([
      { trackId: shared, listeners: 3, plays: 3, msHeard: 93_000 },
      { trackId: loved, listeners: 1, plays: 40, msHeard: 1_240_000 },
    ]);
    // A listener whose last play of a track is older than the window does not count for it.
    const old = await user();
    await addUserPlays(h.db, [{ userId: old.id, trackId: loved, plays: 1 }]);
    await h.db.execute(sql`update user_track_plays set last_played_at = now() - interval '8 days' where user_id = ${old.id}`);
    expect((await listPopularTracks(h.db, { since: new Date(Date.now() - 7 * 24 * HOUR), limit: 50 })).find((t) => t.trackId === loved)?.listeners).toBe(1);
  });
});
