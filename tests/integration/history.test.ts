import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { listeningSessions } from '@/db/schema';
import { toAppError } from '@/lib/errors';
import { getHistory, getRecentPlays } from '@/lib/listening/history';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let stop: () => Promise<void>;
let lee: string;
let ana: string;
let song: string;
let other: string;

/** A session of `userId` that counted as a play at `at` (started 30 s before), having heard `heardMs`. */
async function played(userId: string, at: string, heardMs = 60_000, trackId = song) {
  const countedAt = new Date(at);
  await h.db.insert(listeningSessions).values({ userId, trackId, startedAt: new Date(countedAt.getTime() - 30_000), countedAt, endedAt: countedAt, heardMs });
}
/** A session that ended before it counted: minutes heard, no play. */
async function skipped(userId: string, startedAt: string, heardMs: number) {
  await h.db.insert(listeningSessions).values({ userId, trackId: song, startedAt: new Date(startedAt), endedAt: new Date(startedAt), heardMs });
}

const history = (userId: string, query: Record<string, string>) => getHistory(h.db, userId, new URLSearchParams(query));
const hours = (b: { start: string; end: string }) => (Date.parse(b.end) - Date.parse(b.start)) / 3_600_000;
/** The local wall time a bucket starts at, as a listener there reads it. */
const localStart = (b: { start: string }, tz: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(new Date(b.start));

describe.each(BOTH_DATABASES)('listening history on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
    const user = async (email: string) => (await insertUser(h.db, { email, displayName: email, passwordHash: 'x', role: 'user' })).id;
    const track = async (title: string) =>
      (await insertTrack(h.db, { title, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })).id;
    lee = await user('lee@example.org');
    ana = await user('ana@example.org');
    song = await track('Song');
    other = await track('Other');
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    await stop?.();
  });

  it('gives Berlin a 23-hour day on 2026-03-29 and puts each play on its local day', async () => {
    await played(lee, '2026-03-28T23:30:00Z'); // 00:30 CET on the 29th (the 28th in UTC)
    await played(lee, '2026-03-29T21:50:00Z'); // 23:50 CEST on the 29th
    await played(lee, '2026-03-29T22:30:00Z'); // 00:30 CEST on the 30th (the 29th in UTC)
    const r = await history(lee, { granularity: 'day', tz: 'Europe/Berlin', from: '2026-03-28', to: '2026-03-31' });
    expect(r.buckets.map((b) => [b.start, hours(b), b.plays])).toEqual([
      ['2026-03-27T23:00:00Z', 24, 0],
      ['2026-03-28T23:00:00Z', 23, 2],
      ['2026-03-29T22:00:00Z', 24, 1],
    ]);
    expect(r).toMatchObject({ granularity: 'day', tz: 'Europe/Berlin', from: '2026-03-27T23:00:00Z', to: '2026-03-30T22:00:00Z' });

    // By the hour, that local day has 23 buckets, and 02:00 never starts one.
    const byHour = await history(lee, { granularity: 'hour', tz: 'Europe/Berlin', from: '2026-03-29', to: '2026-03-30' });
    expect(byHour.buckets).toHaveLength(23);
    expect(byHour.buckets.map((b) => localStart(b, 'Europe/Berlin').slice(11))).not.toContain('02:00');
    expect(byHour.buckets.reduce((n, b) => n + b.plays, 0)).toBe(2);
  });

  it('gives Berlin a 25-hour day on 2026-10-25, with the repeated hour as two hour buckets', async () => {
    await played(lee, '2026-10-25T00:30:00Z'); // 02:30 CEST
    await played(lee, '2026-10-25T01:30:00Z'); // 02:30 CET, an hour later
    await played(lee, '2026-10-25T22:30:00Z'); // 23:30 CET on the 25th
    await played(lee, '2026-10-25T23:30:00Z'); // 00:30 CET on the 26th
    const r = await history(lee, { granularity: 'day', tz: 'Europe/Berlin', from: '2026-10-25', to: '2026-10-27' });
    expect(r.buckets.map((b) => [b.start, hours(b), b.plays])).toEqual([
      ['2026-10-24T22:00:00Z', 25, 3],
      ['2026-10-25T23:00:00Z', 24, 1],
    ]);
    const byHour = await history(lee, { granularity: 'hour', tz: 'Europe/Berlin', from: '2026-10-25', to: '2026-10-26' });
    expect(byHour.buckets).toHaveLength(25);
    const twoAm = byHour.buckets.filter((b) => localStart(b, 'Europe/Berlin').endsWith(' 02:00'));
    expect(twoAm.map((b) => [b.start, b.plays])).toEqual([
      ['2026-10-25T00:00:00Z', 1],
      ['2026-10-25T01:00:00Z', 1],
    ]);
  });

  it('follows New York across both changes, in days, weeks and months', async () => {
    await played(ana, '2026-03-09T03:30:00Z'); // 23:30 EDT on Sunday 8 March (the 9th in UTC)
    await played(ana, '2026-03-09T04:30:00Z'); // 00:30 EDT on Monday the 9th
    await played(ana, '2026-11-01T05:30:00Z'); // 01:30 EDT, before falling back
    await played(ana, '2026-11-01T06:30:00Z'); // 01:30 EST, the same wall time again
    await played(ana, '2026-11-02T04:30:00Z'); // 23:30 EST on the 1st
    const march = await history(ana, { granularity: 'day', tz: 'America/New_York', from: '2026-03-07', to: '2026-03-10' });
    expect(march.buckets.map((b) => [localStart(b, 'America/New_York'), hours(b), b.plays])).toEqual([
      ['2026-03-07 00:00', 24, 0],
      ['2026-03-08 00:00', 23, 1],
      ['2026-03-09 00:00', 24, 1],
    ]);
    const november = await history(ana, { granularity: 'day', tz: 'America/New_York', from: '2026-11-01', to: '2026-11-02' });
    expect(november.buckets.map((b) => [b.start, hours(b), b.plays])).toEqual([['2026-11-01T04:00:00Z', 25, 3]]);

    // Weeks start on Monday at local midnight; the week of 2 March holds the Sunday play.
    const weeks = await history(ana, { granularity: 'week', tz: 'America/New_York', from: '2026-03-04', to: '2026-03-12' });
    expect(weeks.buckets.map((b) => [localStart(b, 'America/New_York'), hours(b), b.plays])).toEqual([
      ['2026-03-02 00:00', 167, 1],
      ['2026-03-09 00:00', 168, 1],
    ]);
    const months = await history(ana, { granularity: 'month', tz: 'America/New_York', from: '2026-02-15', to: '2026-04-01' });
    expect(months.buckets.map((b) => [b.start, b.end, b.plays])).toEqual([
      ['2026-02-01T05:00:00Z', '2026-03-01T05:00:00Z', 0],
      ['2026-03-01T05:00:00Z', '2026-04-01T04:00:00Z', 2],
    ]);
  });

  it('returns every bucket of the range, empty ones too, and minutes heard from every session', async () => {
    const ben = (await insertUser(h.db, { email: 'ben@example.org', displayName: 'Ben', passwordHash: 'x', role: 'user' })).id;
    await played(ben, '2026-05-03T10:00:30Z', 150_000);
    await played(ben, '2026-05-03T18:00:30Z', 90_000, other);
    await skipped(ben, '2026-05-05T08:00:00Z', 12_000); // heard 12 s, then skipped: minutes, no play
    const r = await history(ben, { granularity: 'day', tz: 'UTC', from: '2026-05-01', to: '2026-05-08' });
    expect(r.buckets.map((b) => [b.start.slice(0, 10), b.plays, b.minutesHeard])).toEqual([
      ['2026-05-01', 0, 0],
      ['2026-05-02', 0, 0],
      ['2026-05-03', 2, 4],
      ['2026-05-04', 0, 0],
      ['2026-05-05', 0, 0.2],
      ['2026-05-06', 0, 0],
      ['2026-05-07', 0, 0],
    ]);
  });

  it('never shows another listener’s plays', async () => {
    const cy = (await insertUser(h.db, { email: 'cy@example.org', displayName: 'Cy', passwordHash: 'x', role: 'user' })).id;
    const dee = (await insertUser(h.db, { email: 'dee@example.org', displayName: 'Dee', passwordHash: 'x', role: 'user' })).id;
    for (const at of ['2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z', '2026-06-02T09:00:00Z']) await played(dee, at, 120_000);
    const range = { granularity: 'day', tz: 'UTC', from: '2026-06-01', to: '2026-06-03' };
    expect((await history(cy, range)).buckets.map((b) => [b.plays, b.minutesHeard])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect((await history(dee, range)).buckets.map((b) => b.plays)).toEqual([2, 1]);
    expect(await getRecentPlays(h.db, cy, { limit: 10, offset: 0 })).toEqual([]);
  });

  it('lists recent plays newest first, a page at a time, with the track and its artist', async () => {
    const eve = (await insertUser(h.db, { email: 'eve@example.org', displayName: 'Eve', passwordHash: 'x', role: 'user' })).id;
    await played(eve, '2026-07-01T10:00:00Z', 60_000, song);
    await played(eve, '2026-07-01T11:00:00Z', 60_000, other);
    await played(eve, '2026-07-01T12:00:00Z', 60_000, song);
    await skipped(eve, '2026-07-01T13:00:00Z', 5_000);
    const first = await getRecentPlays(h.db, eve, { limit: 2, offset: 0 });
    expect(first.map((p) => [p.playedAt, p.track.title])).toEqual([
      ['2026-07-01T12:00:00.000Z', 'Song'],
      ['2026-07-01T11:00:00.000Z', 'Other'],
    ]);
    expect(first[0]!.track).toMatchObject({ id: song, artist: null, coverUrl: null, gainDb: 0 });
    expect((await getRecentPlays(h.db, eve, { limit: 2, offset: 2 })).map((p) => p.playedAt)).toEqual(['2026-07-01T10:00:00.000Z']);
  });

  it('rejects a bad time zone, granularity or range with a 400 that says why', async () => {
    const code = (query: Record<string, string>) => history(lee, query).then(() => 'accepted', (e: unknown) => `${toAppError(e).status} ${toAppError(e).message}`);
    expect(await code({ tz: 'Mars/Olympus' })).toMatch(/^400 .*tz: "Mars\/Olympus" is not a time zone/);
    expect(await code({ tz: 'UTC', granularity: 'minute' })).toMatch(/^400 .*granularity/);
    expect(await code({ tz: 'UTC', granularity: 'hour', from: '2020-01-01', to: '2026-01-01' })).toMatch(/^400 .*too long for hour buckets/);
    // Zones as Intl and PostgreSQL both know them, legacy names included.
    for (const tz of ['Asia/Kolkata', 'US/Eastern', 'Etc/GMT+5', 'Australia/Lord_Howe']) expect(await code({ tz, from: '2026-01-01', to: '2026-01-02' }), tz).toBe('accepted');
  });
});
