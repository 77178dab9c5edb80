import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertPlaylist } from '@/db/queries/playlists';
import {
  ALBUM_SORTS,
  type AlbumSort,
  hasGenres,
  listArtistMostPlayed,
  listGenres,
  listGenreTracks,
  listLibraryAlbums,
  listLibraryArtists,
} from '@/db/queries/library';
import { deleteTrackRow, insertTrack, updateTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { albums, trackStats } from '@/db/schema';
import { searchCatalog } from '@/lib/search/catalog-search';
import { BOTH_DATABASES } from '../helpers/db';

let h: DbHandle;
let stop: () => Promise<void>;
const trackIds = new Map<string, string>();
let rowan = '';
let ines = '';

async function add(title: string, artistId: string, albumId: string | null, extra: { status?: 'ready' | 'processing'; genre?: string | null } = {}) {
  const t = await insertTrack(h.db, { title, artistId, albumId, status: extra.status ?? 'ready', genre: extra.genre ?? null, originalFilename: `${title}.flac`, originalKey: `originals/l/${title}-${trackIds.size}`, declaredContentType: 'audio/flac' });
  trackIds.set(title, t.id);
  return t.id;
}

/** Every page of albums in `sort` order, walked by cursor with `limit` per page. */
async function walkAlbums(sort: AlbumSort, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listLibraryAlbums(h.db, { sort, cursor, limit });
    seen.push(...page.items.map((a) => `${a.artist} / ${a.title}`));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (!page.next) return seen;
    cursor = page.next;
  }
  throw new Error('the pages never ended');
}

describe.each(BOTH_DATABASES)('library pages on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
    trackIds.clear();
    rowan = (await insertUser(h.db, { email: 'rowan@example.org', displayName: 'Rowan', passwordHash: 'x', role: 'user' })).id;
    ines = (await insertUser(h.db, { email: 'ines@example.org', displayName: 'Inès', passwordHash: 'x', role: 'user' })).id;
    // Ties on purpose: same titles under different artists, same years, artists whose names
    // fold alike ("Élan" and "Elan"), albums added in one statement (same created_at).
    const names = ['Élan', 'Elan', 'Zephyr', 'Aurora', 'Mono'];
    for (const [i, name] of names.entries()) {
      const artistId = await upsertArtist(h.db, name);
      for (let j = 0; j < 5; j++) {
        const albumId = await upsertAlbum(h.db, { title: j % 2 ? 'Same Title' : `Record ${j} of ${name}`, artistId, year: j === 4 ? null : 2000 + ((i + j) % 3) });
        for (let k = 0; k < 1 + ((i + j) % 3); k++) await add(`${name} ${j}-${k}`, artistId, albumId, { genre: k === 0 ? (i % 2 ? 'Rock' : 'rock') : i === 2 ? 'Jazz' : null });
      }
    }
    await h.db.update(albums).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
    // An album whose only track is still processing, and an artist with nothing ready: hidden.
    const hidden = await upsertArtist(h.db, 'Hidden');
    await add('Not yet', hidden, await upsertAlbum(h.db, { title: 'Unfinished', artistId: hidden }), { status: 'processing', genre: 'Ambient' });
  });
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('pages through every album exactly once in each sort, ties broken the same way every time', async () => {
    for (const sort of ALBUM_SORTS) {
      const whole = await walkAlbums(sort, 100);
      expect(whole, sort).toHaveLength(20);
      expect(new Set(whole).size, sort).toBe(20);
      expect(whole).not.toContain('Hidden / Unfinished');
      for (const limit of [1, 3, 7]) expect(await walkAlbums(sort, limit), `${sort} by ${limit}`).toEqual(whole);
    }
    // The orders a listener expects: folded names (accents and case aside), years newest first, undated last.
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const nonDecreasing = (list: string[]) => list.every((v, i) => i === 0 || list[i - 1]! <= v);
    const byName = await walkAlbums('name', 50);
    expect(nonDecreasing(byName.map((a) => fold(a.split(' / ')[1]!)))).toBe(true);
    expect(byName.slice(-5).every((a) => a.endsWith('/ Same Title'))).toBe(true);
    const byArtist = await walkAlbums('artist', 50);
    expect(nonDecreasing(byArtist.map((a) => fold(a.split(' / ')[0]!)))).toBe(true);
    // "Elan" and "Élan" fold alike, yet each one's albums stay together.
    const artistRuns = byArtist.map((a) => a.split(' / ')[0]).filter((n, i, list) => n !== list[i - 1]);
    expect(artistRuns).toHaveLength(5);
    const years = (await listLibraryAlbums(h.db, { sort: 'year', limit: 50 })).items.map((a) => a.year);
    expect(years).toEqual([...years].sort((a, b) => (b ?? -1) - (a ?? -1)));
    expect(years.at(-1)).toBeNull();
  });

  it('starts over from the first page on a cursor it cannot read', async () => {
    const first = await listLibraryAlbums(h.db, { sort: 'name', limit: 5 });
    for (const bad of ['garbage', Buffer.from('["x", "not-a-uuid"]').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      expect((await listLibraryAlbums(h.db, { sort: 'name', cursor: bad, limit: 5 })).items).toEqual(first.items);
    }
  });

  it('lists artists with their album and track counts, by name or most tracks, every one once', async () => {
    const walk = async (sort: 'name' | 'tracks', limit: number) => {
      const seen = [];
      let cursor: string | null = null;
      do {
        const page = await listLibraryArtists(h.db, { sort, cursor, limit });
        seen.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    const byName = await walk('name', 2);
    expect(byName.map((a) => a.name).filter((n) => n !== 'Elan' && n !== 'Élan')).toEqual(['Aurora', 'Mono', 'Zephyr']);
    expect(byName).toHaveLength(5);
    // Aurora (i = 3): 1 + ((3 + j) % 3) tracks for j = 0..4 (1 + 2 + 3 + 1 + 2); j = 1 and 3 share "Same Title".
    expect(byName.find((a) => a.name === 'Aurora')).toMatchObject({ albumCount: 4, trackCount: 9 });
    const byTracks = await walk('tracks', 2);
    expect(byTracks).toHaveLength(5);
    const counts = byTracks.map((a) => a.trackCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(await walk('tracks', 100)).toEqual(byTracks);
  });

  it('lists genres folded together with their counts, and the tracks of one by title', async () => {
    expect(await hasGenres(h.db)).toBe(true);
    const genres = await listGenres(h.db);
    // "Rock" and "rock" are one genre; Ambient's only track is not ready.
    expect(genres.map((g) => [g.key, g.trackCount])).toEqual([
      ['rock', 25],
      ['jazz', 5],
    ]);
    const first = await listGenreTracks(h.db, 'jazz', { limit: 4 });
    const rest = await listGenreTracks(h.db, 'jazz', { cursor: first.next, limit: 4 });
    const titles = [...first.items, ...rest.items].map((t) => t.title);
    expect(titles).toHaveLength(5);
    expect(titles).toEqual([...titles].sort());
    expect(rest.next).toBeNull();
  });

  it('keeps the counts as tracks become ready, change artist or genre, and go; concurrent adds all count', async () => {
    const counts = async (name: string) => (await listLibraryArtists(h.db, { sort: 'tracks', limit: 50 })).items.find((a) => a.name === name);
    const genre = async (key: string) => (await listGenres(h.db)).find((g) => g.key === key)?.trackCount;
    const nova = await upsertArtist(h.db, 'Nova');
    const album = await upsertAlbum(h.db, { title: 'First Light', artistId: nova });
    const a = await add('Nova a', nova, album, { status: 'processing', genre: 'Shoegaze' });
    expect(await counts('Nova')).toBeUndefined();
    expect(await genre('shoegaze')).toBeUndefined();
    await updateTrack(h.db, a, { status: 'ready' });
    expect(await counts('Nova')).toMatchObject({ albumCount: 1, trackCount: 1 });
    expect(await genre('shoegaze')).toBe(1);
    // Ten tracks added at once from separate connections (on PostgreSQL, a pool of four): none is lost.
    await Promise.all(Array.from({ length: 10 }, (_, i) => add(`Nova ${i}`, nova, i % 2 ? album : null, { genre: 'shoegaze' })));
    expect(await counts('Nova')).toMatchObject({ albumCount: 1, trackCount: 11 });
    expect(await genre('shoegaze')).toBe(11);
    const other = await upsertArtist(h.db, 'Nova Two');
    await updateTrack(h.db, a, { artistId: other, genre: 'Dream Pop' });
    expect(await counts('Nova')).toMatchObject({ trackCount: 10 });
    expect(await counts('Nova Two')).toMatchObject({ albumCount: 1, trackCount: 1 });
    expect([await genre('shoegaze'), await genre('dream pop')]).toEqual([10, 1]);
    await deleteTrackRow(h.db, a);
    expect(await counts('Nova Two')).toBeUndefined();
    expect(await genre('dream pop')).toBeUndefined();
  });

  it("lists an artist's most played tracks by everyone's counted plays, never-played ones left out", async () => {
    const zephyr = (await listLibraryArtists(h.db, { sort: 'name', limit: 10 })).items.find((a) => a.name === 'Zephyr')!.id;
    const plays: [string, number][] = [['Zephyr 0-0', 3], ['Zephyr 3-1', 9], ['Zephyr 2-0', 5], ['Zephyr 1-0', 1], ['Zephyr 3-2', 5], ['Zephyr 0-1', 2], ['Mono 0-0', 50]];
    for (const [title, n] of plays) await h.db.insert(trackStats).values({ trackId: trackIds.get(title)!, plays: n });
    const top = await listArtistMostPlayed(h.db, zephyr);
    expect(top.map((t) => [t.title, t.plays])).toEqual([
      ['Zephyr 3-1', 9],
      ['Zephyr 2-0', 5],
      ['Zephyr 3-2', 5],
      ['Zephyr 0-0', 3],
      ['Zephyr 0-1', 2],
    ]);
  });

  it("finds the viewer's own playlists and others' public ones, never others' private ones", async () => {
    await insertPlaylist(h.db, rowan, { name: 'Théâtre nights', description: '', isPublic: false });
    await insertPlaylist(h.db, rowan, { name: 'Theatre mornings', description: '', isPublic: true });
    await insertPlaylist(h.db, ines, { name: 'Theatre secrets', description: '', isPublic: false });
    await insertPlaylist(h.db, ines, { name: 'Théâtre for all', description: '', isPublic: true });
    const names = async (viewer: string, q: string) => (await searchCatalog(h.db, q, 10, viewer)).playlists.map((p) => `${p.name}${p.own ? ' (own)' : ` (${p.ownerName})`}`).sort();
    expect(await names(rowan, 'theatre')).toEqual(['Theatre mornings (own)', 'Théâtre for all (Inès)', 'Théâtre nights (own)']);
    expect(await names(ines, 'THEATRE')).toEqual(['Theatre mornings (Rowan)', 'Theatre secrets (own)', 'Théâtre for all (own)']);
    // Typos forgiven, the first keystrokes match name starts, and a private name never leaks.
    expect((await searchCatalog(h.db, 'theatr nigths', 10, rowan)).playlists[0]!.name).toBe('Théâtre nights');
    expect(await names(ines, 'Th')).toEqual(['Theatre mornings (Rowan)', 'Theatre secrets (own)', 'Théâtre for all (own)']);
    expect(await names(rowan, 'secrets')).toEqual([]);
  });
});
