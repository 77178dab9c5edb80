import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertLike } from '@/db/queries/likes';
import { insertPastSessions, type PastSession } from '@/db/queries/listening';
import { insertTrack, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { trackFeatures } from '@/db/schema';
import { EXTRACTOR_VERSION } from '@/lib/media/features';
import { recommendForYou } from '@/lib/recommend/for-you';
import { buildNeighbours } from '@/lib/recommend/neighbours';
import { BOTH_DATABASES } from '../helpers/db';
import { sound } from '../helpers/sound';

const DAY = 86_400_000;
const MIN = 60_000;

describe.each(BOTH_DATABASES)('"For you" on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};
  const titleOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id);
  const forYou = async (user: string, limit = 20) => (await recommendForYou(h.db, users[user]!, limit)).map((t) => ({ title: t.title, because: t.because.title }));

  /** A session of these tracks, 4 minutes apart, `daysAgo` days ago; `skipped` ones ended early. */
  const session = (user: string, titles: string[], daysAgo: number, skipped: string[] = []): PastSession[] =>
    titles.map((title, i) => ({ userId: users[user]!, trackId: ids[title]!, startedAt: new Date(Date.now() - daysAgo * DAY + 4 * i * MIN), heardMs: skipped.includes(title) ? 8_000 : 200_000, counted: !skipped.includes(title) }));

  beforeAll(async () => {
    ({ h, stop } = await open());
    // Taste group A (six tracks, three artists) and group B; C tracks sound alike but nobody
    // plays them together; "lonely" has features and no plays.
    const catalog: [string, string, number | null][] = [
      ['a1', 'Ant', null], ['a2', 'Ant', null], ['a3', 'Ant', null], ['a4', 'Bee', null], ['a5', 'Bee', null], ['a6', 'Cat', null],
      ['b1', 'Dog', null], ['b2', 'Dog', null], ['b3', 'Eel', null],
      ['c1', 'Fox', 0], ['c2', 'Gnu', 0.05], ['c3', 'Hen', 0.1], ['far', 'Ibis', 1.2],
    ];
    for (const [title, artist, tilt] of catalog) {
      const artistId = await upsertArtist(h.db, artist);
      ids[title] = (await insertTrack(h.db, { title, artistId, albumId: null, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })).id;
      if (tilt !== null) await h.db.insert(trackFeatures).values({ trackId: ids[title]!, extractorVersion: EXTRACTOR_VERSION, embedding: sound(3, tilt), raw: {} });
    }
    for (const name of ['ana', 'ben', 'cy', 'dee', 'eve', 'una', 'lia', 'new', 'nobody']) {
      users[name] = (await insertUser(h.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', role: 'user' })).id;
    }
    await insertPastSessions(h.db, [
      ...session('ana', ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 20),
      ...session('ben', ['a2', 'a1', 'a4', 'a3', 'a6', 'a5'], 19),
      ...session('cy', ['a1', 'a5', 'a4', 'a2', 'a3'], 18),
      ...session('dee', ['b1', 'b2', 'b3'], 17),
      ...session('eve', ['b3', 'b1', 'b2'], 16),
      // Una played a1 and a2 eight days ago, and skipped a3 two days ago.
      ...session('una', ['a1', 'a2'], 8),
      ...session('una', ['a3'], 2, ['a3']),
      // New plays c1 only: co-listening knows nothing about it.
      ...session('new', ['c1'], 9),
    ]);
    await buildNeighbours(h.db, { now: new Date() });
    await insertLike(h.db, users.lia!, ids.b1!);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('offers what listeners with the same taste played, saying which play it comes from', async () => {
    const mine = await forYou('una');
    const titles = mine.map((t) => t.title);
    expect(titles.sort()).toEqual(['a4', 'a5', 'a6']);
    for (const t of mine) expect(['a1', 'a2']).toContain(t.because);
  });

  it('leaves out what the listener skipped this week, and never fills up from another taste group', async () => {
    // a1 and a2 were heard 8 days ago, so they are seeds, not offers; a3 was skipped 2 days ago.
    expect((await forYou('una')).map((t) => t.title)).not.toContain('a3');
    // Ana and dee have heard everything their groups play: nothing from the other group instead.
    expect(await forYou('ana')).toEqual([]);
    expect(await forYou('dee')).toEqual([]);
  });

  it('starts from likes too', async () => {
    const mine = await forYou('lia');
    expect(mine.map((t) => t.title).sort()).toEqual(['b2', 'b3']);
    expect(mine.every((t) => t.because === 'b1')).toBe(true);
  });

  it('tops up from the sound where co-listening knows nothing (a new track, a new listener)', async () => {
    const mine = await forYou('new');
    expect(mine.map((t) => t.title)).toEqual(['c2', 'c3', 'far']);
    expect(mine.every((t) => t.because === 'c1')).toBe(true);
    expect(await forYou('nobody')).toEqual([]);
  });

  it('keeps to the limit, best first', async () => {
    const all = await recommendForYou(h.db, users.una!, 20);
    const two = await recommendForYou(h.db, users.una!, 2);
    expect(two.map((t) => titleOf(t.id))).toEqual(all.slice(0, 2).map((t) => titleOf(t.id)));
  });
});
