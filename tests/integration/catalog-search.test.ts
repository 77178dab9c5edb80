import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { searchTracks } from '@/db/queries/catalog';
import { insertTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { artists, tracks } from '@/db/schema';
import { BOTH_DATABASES } from '../helpers/db';

async function seed(h: DbHandle) {
  const band = await upsertArtist(h.db, 'The Oscillators');
  const album = await upsertAlbum(h.db, { title: 'Waveforms', artistId: band });
  const other = await upsertArtist(h.db, 'Quiet Machines');
  const add = (title: string, artistId: string, albumId: string | null, status: 'ready' | 'processing' = 'ready') =>
    insertTrack(h.db, { title, artistId, albumId, status, originalFilename: `${title}.flac`, originalKey: `originals/x/${title}`, declaredContentType: 'audio/flac' });
  await add('Evening Tone', band, album);
  await add('Morning Tone', band, album);
  await add('Hum of the Fridge', other, null);
  await add('Unfinished Tone', band, album, 'processing');
  await add('100% Pure', other, null);
}

const titles = async (h: DbHandle, q: string) => (await searchTracks(h.db, q, { limit: 20, offset: 0 })).map((t) => t.title).sort();

// The same search must work on the embedded database and on PostgreSQL (postgres.js).
describe.each(BOTH_DATABASES)('catalog search on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ h, stop } = await open());
    await seed(h);
  });
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('finds titles, artists and albums, forgiving typos', async () => {
    const ranked = await searchTracks(h.db, 'evening tone', { limit: 20, offset: 0 });
    expect(ranked[0]!.title).toBe('Evening Tone');
    expect(ranked[0]).toMatchObject({ artist: 'The Oscillators', album: 'Waveforms' });
    expect(await titles(h, 'oscilators')).toEqual(['Evening Tone', 'Morning Tone']);
    expect(await titles(h, 'wavefroms')).toEqual(['Evening Tone', 'Morning Tone']);
    expect(await titles(h, 'fridge')).toEqual(['Hum of the Fridge']);
  });

  it('never shows tracks that are not ready, and treats % and _ as text', async () => {
    expect(await titles(h, 'unfinished')).toEqual([]);
    expect(await titles(h, '100%')).toEqual(['100% Pure']);
    expect(await titles(h, '%')).toEqual(['100% Pure']);
    expect(await titles(h, '   ')).toEqual([]);
  });

  it('pages through many equally good matches in order, none twice and none left out', async () => {
    const band = await upsertArtist(h.db, 'Echo Chamber');
    for (let i = 1; i <= 23; i++) {
      await insertTrack(h.db, { title: `Echo ${String(i).padStart(2, '0')}`, artistId: band, albumId: null, status: 'ready', originalFilename: `echo-${i}.flac`, originalKey: `originals/echo/${i}`, declaredContentType: 'audio/flac' });
    }
    const all = (await searchTracks(h.db, 'echo', { limit: 100, offset: 0 })).map((t) => t.title);
    expect(all).toHaveLength(23);
    expect(all).toEqual([...all].sort());
    const pages = [];
    for (let offset = 0; offset < 30; offset += 10) pages.push(...(await searchTracks(h.db, 'echo', { limit: 10, offset })).map((t) => t.title));
    expect(pages).toEqual(all);
    expect((await searchTracks(h.db, 'ecoh', { limit: 10, offset: 10 })).map((t) => t.title)).toEqual(all.slice(10, 20));
  });

  it('lists the tracks of the best-matching artists first when many artists match, as scoring every track would', async () => {
    const names = ['Neon Harbor', 'Neon Harbour', 'The Neon Harbor Band', 'Neon Harbors', 'Neo Harbor', 'Eon Harbor', 'Neon Arbor', 'Harbor Lights', 'Old Neon', 'Neon', 'Harbor'];
    for (const [i, name] of names.entries()) {
      const artistId = await upsertArtist(h.db, name);
      for (let j = 1; j <= 4; j++) {
        await insertTrack(h.db, { title: `Song ${i}-${j}`, artistId, albumId: null, status: 'ready', originalFilename: `song-${i}-${j}.flac`, originalKey: `originals/song/${i}-${j}`, declaredContentType: 'audio/flac' });
      }
    }
    // Every ready track scored by its artist (the titles match nothing): what the search's
    // candidates stand in for.
    const score = sql<number>`word_similarity('neon harbor', ${artists.name})`;
    const reference = await h.db
      .select({ title: tracks.title })
      .from(tracks)
      .innerJoin(artists, eq(artists.id, tracks.artistId))
      .where(and(eq(tracks.status, 'ready'), sql`${score} > 0.4`))
      .orderBy(desc(score), asc(tracks.title));
    expect(reference.length).toBeGreaterThan(20);
    const pages = [];
    for (let offset = 0; offset < reference.length + 5; offset += 5) pages.push(...(await searchTracks(h.db, 'neon harbor', { limit: 5, offset })).map((t) => t.title));
    expect(pages).toEqual(reference.map((r) => r.title));
  });
});
