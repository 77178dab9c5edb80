import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertPastSessions, type PastSession } from '@/db/queries/listening';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { rowsOf } from '@/db/rows';
import { buildNeighbours, getTrackNeighbours, rebuildAllNeighbours } from '@/lib/recommend/neighbours';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let stop: () => Promise<void>;
const DAY = 86_400_000;
const MIN = 60_000;
const t0 = Date.now() - 10 * DAY;
const at = (minutes: number) => new Date(t0 + minutes * MIN);
const tracks: Record<string, string> = {};
const users: Record<string, string> = {};
const titleOf = (id: string) => Object.keys(tracks).find((k) => tracks[k] === id);

/** One listening session: these tracks one after another, 4 minutes apart, from `start` minutes. */
function session(user: string, titles: string[], start: number, skipped: string[] = []): PastSession[] {
  return titles.map((title, i) => ({
    userId: users[user]!,
    trackId: tracks[title]!,
    startedAt: at(start + 4 * i),
    heardMs: skipped.includes(title) ? 8_000 : 200_000,
    counted: !skipped.includes(title),
  }));
}

async function neighbours(title: string) {
  return (await getTrackNeighbours(h.db, tracks[title]!, 50)).map((n) => ({ ...n, title: titleOf(n.trackId) }));
}

/** Everything the build keeps, in a fixed order, to compare two builds. */
async function snapshot() {
  const q = async (query: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await h.db.execute(query));
  return {
    neighbours: await q(sql`select track_id, neighbour_id, score, pairs from track_neighbours order by 1, 2`),
    pairs: await q(sql`select track_a, track_b, weight from track_pair_counts order by 1, 2`),
    weights: await q(sql`select track_id, weight from track_play_weights order by 1`),
  };
}

describe.each(BOTH_DATABASES)('co-listening neighbours on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
    const names = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4', 'x', 'y', 'solo1', 'solo2', 'solo3'];
    for (const title of names) {
      tracks[title] = (await insertTrack(h.db, { title, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })).id;
    }
    for (const name of ['ana', 'ben', 'cy', 'dee', 'eve', 'fay', 'gus']) {
      users[name] = (await insertUser(h.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', role: 'user' })).id;
    }
    // Two taste groups: ana, ben and cy play the a-tracks; dee and eve the b-tracks. Ana skips
    // b1 inside her sessions (a skip is not liking), and eve skips a1 inside hers.
    const plays = [
      ...session('ana', ['a1', 'a2', 'b1', 'a3'], 0, ['b1']),
      ...session('ana', ['a4', 'a1', 'b1', 'a2'], 600, ['b1']),
      ...session('ben', ['a2', 'a3', 'a4'], 60),
      ...session('ben', ['a1', 'a4'], 900),
      ...session('cy', ['a3', 'a1', 'a2'], 120),
      ...session('dee', ['b1', 'b2', 'b3', 'b4'], 30),
      ...session('dee', ['b2', 'b4', 'b1'], 1_400),
      ...session('eve', ['b3', 'a1', 'b1', 'b2'], 200, ['a1']),
      ...session('eve', ['b4', 'b3'], 2_000),
      // Plays of one group a day apart are no pair: sessions are 30 minutes.
      ...session('fay', ['a1'], 2_500),
      ...session('fay', ['b1'], 2_500 + 24 * 60),
      // Gus alone plays solo1 and solo2 together, once; solo3 a day later.
      ...session('gus', ['solo1', 'solo2'], 3_000),
      ...session('gus', ['solo3'], 3_000 + 24 * 60),
    ];
    // Fay replays x and y back and forth 100 times, 2 minutes apart.
    for (let i = 0; i < 100; i++) plays.push(...session('fay', [i % 2 ? 'y' : 'x'], 3_500 + 2 * i));
    // Ana hears x then y once.
    plays.push(...session('ana', ['x', 'y'], 3_400));
    await insertPastSessions(h.db, plays);
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    await stop?.();
  });

  it('gives each track neighbours from its own taste group, skips never counting', async () => {
    // Built in four runs: plays up to the middle of ana's second session in batches of 5, then
    // more, then up to the middle of fay's replays (so her cap spans two runs), then all.
    const first = await buildNeighbours(h.db, { now: at(600 + 6), maxPlays: 5 });
    expect(first.batches).toBeGreaterThan(1);
    await buildNeighbours(h.db, { now: at(2_000) });
    await buildNeighbours(h.db, { now: at(3_500 + 60) });
    const last = await buildNeighbours(h.db);
    expect(last.playsRead).toBeGreaterThan(0);

    for (const group of ['a', 'b']) {
      for (const n of [1, 2, 3, 4]) {
        const list = await neighbours(`${group}${n}`);
        expect(list.length).toBeGreaterThanOrEqual(2);
        expect(list.every((x) => x.title!.startsWith(group))).toBe(true);
        expect(list.map((x) => x.score)).toEqual([...list.map((x) => x.score)].sort((p, q) => q - p));
      }
    }
    expect((await neighbours('a1')).map((x) => x.title)).not.toContain('b1');
  });

  it("takes a single listener's own session as evidence on a small server", async () => {
    expect((await neighbours('solo1')).map((x) => x.title)).toEqual(['solo2']);
    expect((await neighbours('solo2')).map((x) => x.title)).toEqual(['solo1']);
    expect(await neighbours('solo3')).toEqual([]);
  });

  it('caps what one listener adds to a pair', async () => {
    // Fay's 100 replays add 5; ana's one session adds 1.
    const [xy] = await neighbours('x');
    expect(xy).toMatchObject({ title: 'y', pairs: 6 });
  });

  it('builds incrementally exactly what a full rebuild builds', async () => {
    const incremental = await snapshot();
    expect(incremental.neighbours.length).toBeGreaterThan(10);
    const full = await rebuildAllNeighbours(h.db);
    expect(full.batches).toBe(1);
    expect(await snapshot()).toEqual(incremental);
  });

  it('reads and changes nothing when no play counted since the last run', async () => {
    const before = await snapshot();
    const run = await buildNeighbours(h.db);
    expect(run).toMatchObject({ playsRead: 0, pairsUpdated: 0, tracksUpdated: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('reads only the plays counted since the last run, and they move the neighbours', async () => {
    // Dee starts hearing a4 with b1, five times.
    const plays = [0, 1, 2, 3, 4].flatMap((d) => session('dee', ['b1', 'a4'], 8_000 + d * 120));
    await insertPastSessions(h.db, plays);
    // The last play counted 30 s before this run, maybe in a transaction still committing
    // (on PostgreSQL; PGlite runs one at a time): left for the next.
    const lastCounted = plays.at(-1)!.startedAt.getTime() + 30_000;
    const run = await buildNeighbours(h.db, { now: new Date(lastCounted + 30_000), settleMs: 60_000 });
    expect(run.playsRead).toBe(plays.length - 1);
    expect((await buildNeighbours(h.db)).playsRead).toBe(1);
    expect((await neighbours('a4')).map((x) => x.title)).toContain('b1');
    const incremental = await snapshot();
    await rebuildAllNeighbours(h.db);
    expect(await snapshot()).toEqual(incremental);
  });
});
