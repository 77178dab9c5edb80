import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertTrack, upsertArtist } from '@/db/queries/tracks';
import { trackFeatures, type TrackStatus } from '@/db/schema';
import { EMBEDDING_DIMENSIONS, EXTRACTOR_VERSION } from '@/lib/media/features';
import { findSimilarTracks } from '@/lib/recommend/similar';
import { BOTH_DATABASES } from '../helpers/db';

/** A unit vector at cosine distance `distance` from axis `base`, leaning towards axis `towards`. */
function near(distance: number, towards: number, base: number): number[] {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  v[base] = 1 - distance;
  v[towards] = Math.sqrt(1 - (1 - distance) ** 2);
  return v;
}

describe.each(BOTH_DATABASES)('similar tracks on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  const ids = new Map<string, string>();
  let axis = 1;

  async function add(title: string, artist: string, distance: number | null, { status = 'ready' as TrackStatus, version = EXTRACTOR_VERSION as number, base = 0 } = {}) {
    const artistId = await upsertArtist(h.db, artist);
    const track = await insertTrack(h.db, { title, artistId, albumId: null, status, originalFilename: `${title}.flac`, originalKey: `originals/x/${title}`, declaredContentType: 'audio/flac' });
    if (distance !== null) await h.db.insert(trackFeatures).values({ trackId: track.id, extractorVersion: version, embedding: near(distance, (axis++ % 40) + 1, base), raw: {} });
    ids.set(title, track.id);
    return track.id;
  }
  const titles = async (title: string, limit?: number) => (await findSimilarTracks(h.db, ids.get(title)!, { limit }))?.map((t) => t.title);

  beforeAll(async () => {
    ({ h, stop } = await open());
    await add('Seed', 'Seed Band', 0);
    await add('seed ', 'Seed Band', 0.05); // the same title and artist: a duplicate
    await add('Seed (copy)', 'Another Band', 0.000002); // the same audio under another name (an MP3 copy measures 1.6e-6)
    await add('Still Processing', 'Other', 0.001, { status: 'processing' });
    await add('Old Extractor', 'Other', 0.001, { version: 0 });
    await add('Close', 'Near Band', 0.01);
    await add('Closer', 'Near Band', 0.00007); // as close as two different tracks come (7.8e-5 in eval:similar)
    await add('Middle', 'Middle Band', 0.2);
    await add('Far', 'Far Band', 0.9);
    await add('Opposite', 'Far Band', 1.8);
    await add('No Features', 'Other', null);
  });
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('lists the nearest ready tracks first with a 0–1 score, never the track itself or a duplicate of it', async () => {
    const similar = (await findSimilarTracks(h.db, ids.get('Seed')!))!;
    expect(similar.map((t) => t.title)).toEqual(['Closer', 'Close', 'Middle', 'Far', 'Opposite']);
    expect(similar[0]).toMatchObject({ id: ids.get('Closer'), artist: 'Near Band', status: 'ready' });
    const scores = similar.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeCloseTo(1 - 0.00007 / 2, 5);
    expect(scores.at(-1)).toBeCloseTo(0.1, 4);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
  });

  it('takes a limit', async () => {
    expect(await titles('Seed', 2)).toEqual(['Closer', 'Close']);
  });

  it('answers undefined for an unknown or unready track, and nothing for a ready track without features', async () => {
    expect(await findSimilarTracks(h.db, crypto.randomUUID())).toBeUndefined();
    expect(await findSimilarTracks(h.db, ids.get('Still Processing')!)).toBeUndefined();
    expect(await findSimilarTracks(h.db, ids.get('No Features')!)).toEqual([]);
  });

  it('keeps at most two tracks of one artist in any ten, unless nothing else is left', async () => {
    // A cluster of its own, far from the tracks above (another axis).
    await add('Prolific Seed', 'Seed Band 2', 0, { base: 47 });
    for (let i = 0; i < 6; i++) await add(`Prolific ${i}`, 'Prolific', 0.01 * (i + 1), { base: 47 });
    const similar = (await findSimilarTracks(h.db, ids.get('Prolific Seed')!, { limit: 10 }))!;
    expect(similar).toHaveLength(10);
    const artists = similar.map((t) => t.artist);
    for (let s = 0; s + 10 <= artists.length; s++) expect(artists.slice(s, s + 10).filter((a) => a === 'Prolific').length).toBeLessThanOrEqual(2);
    expect(similar.slice(0, 2).map((t) => t.title)).toEqual(['Prolific 0', 'Prolific 1']);

    // Ask for more than the other artists can fill: the rest of Prolific follows, best first.
    const all = (await findSimilarTracks(h.db, ids.get('Prolific 0')!, { limit: 50 }))!;
    const prolific = all.filter((t) => t.artist === 'Prolific').map((t) => t.title);
    expect(prolific).toEqual(['Prolific 1', 'Prolific 2', 'Prolific 3', 'Prolific 4', 'Prolific 5']);
    expect(all.length).toBeGreaterThan(10);
  });
});
