import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertPastSessions, type PastSession } from '@/db/queries/listening';
import { insertTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { trackFeatures, trackStats } from '@/db/schema';
import { EXTRACTOR_VERSION } from '@/lib/media/features';
import { buildNeighbours } from '@/lib/recommend/neighbours';
import { nextRadioTracks, parseRadioRequest } from '@/lib/recommend/radio';
import { BOTH_DATABASES } from '../helpers/db';
import { sound } from '../helpers/sound';

const DAY = 86_400_000;
const MIN = 60_000;

/**
 * The most tracks one artist has in any 10 consecutive tracks of `artists`. Radio's lists
 * here are the whole small catalog: near their end nothing else is left, so the checks read
 * the first 12.
 */
function mostPerArtistInTen(artists: (string | null)[]): number {
  let most = 0;
  for (let i = 0; i < artists.length; i++) {
    const counts = new Map<string | null, number>();
    for (const a of artists.slice(i, i + 10)) counts.set(a, (counts.get(a) ?? 0) + 1);
    most = Math.max(most, ...counts.values());
  }
  return most;
}

describe.each(BOTH_DATABASES)('radio on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  const ids: Record<string, string> = {};
  const artistIds: Record<string, string> = {};
  let albumId = '';
  const titleOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
  const idsOf = (titles: string[]) => titles.map((t) => ids[t]!);
  type Body = { seed: Record<string, string>; exclude?: string[]; heard?: string[]; skipped?: string[]; limit?: number };
  const radio = async (body: Body) => (await nextRadioTracks(h.db, parseRadioRequest(body))).map((t) => ({ title: t.title, artist: t.artist }));
  const titles = async (body: Body) => (await radio(body)).map((t) => t.title);

  const session = (user: string, titles: string[], daysAgo: number): PastSession[] =>
    titles.map((title, i) => ({ userId: user, trackId: ids[title]!, startedAt: new Date(Date.now() - daysAgo * DAY + 4 * i * MIN), heardMs: 200_000, counted: true }));

  beforeAll(async () => {
    ({ h, stop } = await open());
    // Taste group A (a1–a3 are Ant's album "Alpha"), taste group B, a family of tracks that
    // sound alike but nobody plays (c), and tracks nobody plays that sound like nothing (z).
    const catalog: [string, string, number | null][] = [
      ['a1', 'Ant', null], ['a2', 'Ant', null], ['a3', 'Ant', null], ['a4', 'Bee', null], ['a5', 'Bee', null], ['a6', 'Cat', null],
      ['b1', 'Dog', null], ['b2', 'Dog', null], ['b3', 'Eel', null],
      ['c1', 'Fox', 0], ['c2', 'Gnu', 0.05], ['c3', 'Hen', 0.1],
      ['z1', 'Zed', null], ['z2', 'Zed', null], ['z3', 'Zed', null],
    ];
    artistIds.Ant = await upsertArtist(h.db, 'Ant');
    albumId = await upsertAlbum(h.db, { title: 'Alpha', artistId: artistIds.Ant });
    for (const [title, artist, tilt] of catalog) {
      const artistId = (artistIds[artist] ??= await upsertArtist(h.db, artist));
      const onAlbum = ['a1', 'a2', 'a3'].includes(title);
      ids[title] = (await insertTrack(h.db, { title, artistId, albumId: onAlbum ? albumId : null, trackNo: onAlbum ? Number(title[1]) : null, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' })).id;
      if (tilt !== null) await h.db.insert(trackFeatures).values({ trackId: ids[title]!, extractorVersion: EXTRACTOR_VERSION, embedding: sound(3, tilt), raw: {} });
    }
    ids.processing = (await insertTrack(h.db, { title: 'processing', artistId: artistIds.Zed!, albumId: null, status: 'processing', durationMs: 200_000, originalFilename: 'p.flac', originalKey: 'originals/p', declaredContentType: 'audio/flac' })).id;
    const users: string[] = [];
    for (const name of ['ana', 'ben', 'cy', 'dee', 'eve', 'mo', 'mi']) users.push((await insertUser(h.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', role: 'user' })).id);
    const [ana, ben, cy, dee, eve, mo, mi] = users as [string, string, string, string, string, string, string];
    await insertPastSessions(h.db, [
      ...session(ana, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 20),
      ...session(ben, ['a2', 'a1', 'a4', 'a3', 'a6', 'a5'], 19),
      ...session(cy, ['a1', 'a5', 'a4', 'a2', 'a3'], 18),
      ...session(dee, ['b1', 'b2', 'b3'], 17),
      ...session(eve, ['b3', 'b1', 'b2'], 16),
      // Two listeners who play a1 with group B.
      ...session(mo, ['a1', 'b1', 'b2'], 15),
      ...session(mi, ['b2', 'a1', 'b1'], 14),
    ]);
    await buildNeighbours(h.db, { now: new Date() });
    // All-time plays: z1 is popular; a2 is Ant's most played, then a3.
    await h.db.insert(trackStats).values([
      { trackId: ids.z1!, plays: 40 },
      { trackId: ids.a2!, plays: 9 },
      { trackId: ids.a3!, plays: 5 },
    ]);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('from a track: what is played with it first, then the rest of the catalog, never the track itself', async () => {
    const list = await titles({ seed: { trackId: ids.a1! } });
    expect(list).not.toContain('a1');
    expect(list.slice(0, 7).sort()).toEqual(['a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2']);
    // Run out of candidates, it goes on: the popular track first, then everything else ready.
    expect(list[7]).toBe('z1');
    expect(list.sort()).toEqual(['a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3', 'z1', 'z2', 'z3']);
  });

  it('tops up from the sound where co-listening knows nothing', async () => {
    expect((await titles({ seed: { trackId: ids.c1! } })).slice(0, 2)).toEqual(['c2', 'c3']);
  });

  it('never offers what is excluded, heard or skipped', async () => {
    const list = await titles({ seed: { trackId: ids.a1! }, exclude: idsOf(['a2', 'z1']), heard: idsOf(['c1']), skipped: idsOf(['b3']) });
    for (const gone of ['a1', 'a2', 'z1', 'c1', 'b3']) expect(list).not.toContain(gone);
    expect(list).toHaveLength(10);
  });

  it('pulls down what a skipped track leads to, for as long as the radio remembers the skip', async () => {
    const plain = await titles({ seed: { trackId: ids.a1! } });
    const skipped = await titles({ seed: { trackId: ids.a1! }, skipped: idsOf(['a4']) });
    expect(skipped).not.toContain('a4');
    // Group B was behind group A; with a4 (group A) skipped, what goes with a4 falls behind it.
    expect(plain.indexOf('b1')).toBeGreaterThan(plain.indexOf('a5'));
    expect(skipped.indexOf('b1')).toBeLessThan(skipped.indexOf('a5'));
    expect(skipped.indexOf('b2')).toBeLessThan(skipped.indexOf('a6'));
  });

  it('from what was heard too, the most recent first', async () => {
    // The station is c1's; b1 was heard last: b1's neighbours come before the unplayed rest.
    const list = await titles({ seed: { trackId: ids.c1! }, heard: idsOf(['b1']) });
    expect(list).not.toContain('b1');
    for (const t of ['b2', 'b3']) expect(list.indexOf(t)).toBeLessThan(list.indexOf('z2'));
  });

  it('from an album: the album leads, in order, two of its artist in any ten, then what goes with it', async () => {
    const list = await radio({ seed: { albumId } });
    expect(list.slice(0, 2).map((t) => t.title)).toEqual(['a1', 'a2']);
    expect(mostPerArtistInTen(list.slice(0, 12).map((t) => t.artist))).toBeLessThanOrEqual(2);
    expect(list.map((t) => t.title)).toContain('a3');
    expect(list).toHaveLength(15);
  });

  it('from an artist: their most played tracks lead, spread out', async () => {
    const list = await radio({ seed: { artistId: artistIds.Ant! } });
    expect(list[0]!.title).toBe('a2');
    expect(list.filter((t) => t.artist === 'Ant').map((t) => t.title)).toEqual(['a2', 'a3', 'a1']);
    expect(mostPerArtistInTen(list.slice(0, 12).map((t) => t.artist))).toBeLessThanOrEqual(2);
    // After two Ant tracks the next list starts with someone else.
    const next = await radio({ seed: { artistId: artistIds.Ant! }, heard: idsOf(['a3', 'a2']), limit: 1 });
    expect(next[0]!.artist).not.toBe('Ant');
  });

  it('never runs dry on a small catalog: it keeps playing whatever is not in the recent past', async () => {
    const history: string[] = [ids.c1!];
    for (let round = 0; round < 12; round++) {
      const recent = history.slice(-10);
      const got = await nextRadioTracks(h.db, parseRadioRequest({ seed: { trackId: ids.c1! }, exclude: recent, heard: [...recent].reverse(), limit: 3 }));
      expect(got, `round ${round}`).toHaveLength(3);
      for (const t of got) expect(recent, `round ${round}: ${titleOf(t.id)} was heard lately`).not.toContain(t.id);
      history.push(...got.map((t) => t.id));
    }
    // Everything but one track excluded: that one; everything: nothing, not an error.
    const all = Object.entries(ids).filter(([k]) => k !== 'processing').map(([, id]) => id);
    expect(await titles({ seed: { trackId: ids.c1! }, exclude: all.filter((id) => id !== ids.z3) })).toEqual(['z3']);
    expect(await titles({ seed: { trackId: ids.c1! }, exclude: all })).toEqual([]);
  });

  it('keeps to the limit', async () => {
    expect(await radio({ seed: { trackId: ids.a1! }, limit: 3 })).toHaveLength(3);
  });

  it('says which seed it does not know', async () => {
    await expect(radio({ seed: { trackId: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'not_found', message: 'No such track.' });
    await expect(radio({ seed: { trackId: ids.processing! } })).rejects.toMatchObject({ code: 'not_found', message: 'No such track.' });
    await expect(radio({ seed: { artistId: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'not_found', message: 'No such artist.' });
    await expect(radio({ seed: { albumId: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'not_found', message: 'No such album.' });
  });
});
