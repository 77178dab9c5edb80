import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { searchTracks } from '@/db/queries/catalog';
import { searchCatalog } from '@/lib/search/catalog-search';
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

// A viewer with no playlists: these tests are about the catalog groups.
const NOBODY = '00000000-0000-4000-8000-000000000000';

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

  it('answers as you type: artists, albums and tracks, accents folded, the exact name first', async () => {
    const theatre = await upsertArtist(h.db, 'Le Grand Théâtre');
    const album = await upsertAlbum(h.db, { title: 'Théâtre des Rêves', artistId: theatre });
    const add = (title: string, artistId: string, albumId: string | null, genre: string | null = null) =>
      insertTrack(h.db, { title, artistId, albumId, genre, status: 'ready', originalFilename: `${title}.flac`, originalKey: `originals/t/${title}`, declaredContentType: 'audio/flac' });
    await add('Ouverture', theatre, album, 'Musique concrète');
    await add('Théâtre', theatre, album);
    const other = await upsertArtist(h.db, 'Theatre Of Tones');
    await add('Backstage at the Theatre Royal', other, null);
    await add('Æther Song', other, null);

    const found = await searchCatalog(h.db, 'theatre', 10, NOBODY);
    expect(found.artists.map((a) => a.name)).toEqual(['Theatre Of Tones', 'Le Grand Théâtre']);
    expect(found.artists[1]).toMatchObject({ albumCount: 1, trackCount: 2 });
    expect(found.albums.map((a) => a.title)).toEqual(['Théâtre des Rêves']);
    expect(found.albums[0]).toMatchObject({ artist: 'Le Grand Théâtre' });
    // The title that is the query comes first; "Théâtre" is spelled with accents in the catalog.
    expect(found.tracks[0]!.title).toBe('Théâtre');
    expect(found.tracks.map((t) => t.title)).toContain('Backstage at the Theatre Royal');
    // Accents in the query fold too, and ligatures are spelled out.
    expect((await searchCatalog(h.db, 'THÉÂTRE DES', 10, NOBODY)).albums.map((a) => a.title)).toEqual(['Théâtre des Rêves']);
    expect((await searchCatalog(h.db, 'aether', 10, NOBODY)).tracks.map((t) => t.title)).toEqual(['Æther Song']);
    // Genres are searchable: a genre finds its tracks.
    expect((await searchCatalog(h.db, 'musique concrete', 10, NOBODY)).tracks.map((t) => t.title)).toEqual(['Ouverture']);
  });

  it('answers the first keystrokes with names that start with them', async () => {
    const found = await searchCatalog(h.db, 'Th', 10, NOBODY);
    expect(found.artists.map((a) => a.name)).toEqual(expect.arrayContaining(['The Oscillators', 'Theatre Of Tones']));
    expect(found.artists.every((a) => /^th/i.test(a.name))).toBe(true);
    expect(found.tracks.map((t) => t.title)).toEqual(['Théâtre']);
    expect((await searchCatalog(h.db, 'é', 50, NOBODY)).tracks.map((t) => t.title)).toEqual(expect.arrayContaining(['Echo 01', 'Evening Tone']));
    // Artists with nothing ready, and albums with nothing ready, are not offered.
    const ghost = await upsertArtist(h.db, 'Thundering Ghost');
    await insertTrack(h.db, { title: 'Draft', artistId: ghost, albumId: null, status: 'processing', originalFilename: 'd.flac', originalKey: 'originals/d', declaredContentType: 'audio/flac' });
    expect((await searchCatalog(h.db, 'thundering', 10, NOBODY)).artists).toEqual([]);
    expect((await searchCatalog(h.db, 'Th', 50, NOBODY)).artists.map((a) => a.name)).not.toContain('Thundering Ghost');
    expect(await searchCatalog(h.db, '  ', 10, NOBODY)).toEqual({ query: '', artists: [], albums: [], tracks: [], playlists: [] });
  });
});
