import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { deleteTrackRow, insertTrack, updateTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { toAppError } from '@/lib/errors';
import { likeTrack, readLikes, unlikeTrack } from '@/lib/library/likes';
import { addItems, createPlaylist, editPlaylist, exportPlaylist, getPlaylist, listPlaylists, moveItem, removeItem, removePlaylist } from '@/lib/library/playlists';
import { BOTH_DATABASES } from '../helpers/db';

const urls = { publicUrl: (key: string) => `/media/${key}` };

let h: DbHandle;
let stop: () => Promise<void>;
let lee: string;
let ana: string;
let admin: string;
const songs: string[] = [];
let unready: string;

/** What an awaited call threw, as the API would answer it. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    const e = toAppError(error);
    return { status: e.status, code: e.code, message: e.message, trackIds: e.details.trackIds };
  }
  throw new Error('expected a failure');
}

const titles = async (viewer: string, id: string) => (await getPlaylist(h.db, urls, viewer, id)).items.map((i) => i.track.title);
const newPlaylist = async (owner: string, name = 'Mix', isPublic = false) => (await createPlaylist(h.db, urls, owner, { name, isPublic })).id;

describe.each(BOTH_DATABASES)('likes and playlists on %s', (_name, open) => {
  beforeAll(async () => {
    ({ h, stop } = await open());
    songs.length = 0;
    const user = async (email: string, role: 'user' | 'admin' = 'user') => (await insertUser(h.db, { email, displayName: email.split('@')[0]!, passwordHash: 'x', role })).id;
    lee = await user('lee@example.org');
    ana = await user('ana@example.org');
    admin = await user('admin@example.org', 'admin');
    const artistId = await upsertArtist(h.db, 'Band');
    for (let i = 0; i < 30; i++) {
      const albumId = await upsertAlbum(h.db, { title: `Album ${i % 6}`, artistId, year: 2020 });
      const t = await insertTrack(h.db, {
        title: `Song ${String(i).padStart(2, '0')}`,
        artistId,
        albumId,
        status: 'ready',
        durationMs: 60_000 + i * 1000,
        coverKey: `covers/${i % 6}.jpg`,
        originalFilename: `${i}.flac`,
        originalKey: `originals/${i}`,
        declaredContentType: 'audio/flac',
      });
      songs.push(t.id);
    }
    unready = (await insertTrack(h.db, { title: 'Processing', status: 'processing', originalFilename: 'p.flac', originalKey: 'originals/p', declaredContentType: 'audio/flac' })).id;
  });
  afterAll(async () => {
    await h?.close().catch(() => {});
    await stop?.();
  });

  it('likes are idempotent, listed newest first with likedAt, and answered per track id', async () => {
    await likeTrack(h.db, lee, songs[0]!);
    await new Promise((r) => setTimeout(r, 5));
    await likeTrack(h.db, lee, songs[1]!);
    await likeTrack(h.db, lee, songs[1]!);
    const list = await readLikes(h.db, urls, lee, new URLSearchParams());
    expect('tracks' in list && list.tracks.map((t) => [t.title, t.likedAt instanceof Date])).toEqual([
      ['Song 01', true],
      ['Song 00', true],
    ]);
    expect(list).toMatchObject({ total: 2 });
    expect(await readLikes(h.db, urls, lee, new URLSearchParams({ trackIds: [songs[0], songs[2], 'nope'].join(',') }))).toEqual({ liked: [songs[0]] });
    expect(await readLikes(h.db, urls, ana, new URLSearchParams())).toMatchObject({ tracks: [], total: 0 });
    await unlikeTrack(h.db, lee, songs[0]!);
    await unlikeTrack(h.db, lee, songs[0]!);
    expect(await readLikes(h.db, urls, lee, new URLSearchParams({ limit: '10' }))).toMatchObject({ tracks: [{ id: songs[1] }], total: 1 });
  });

  it('pages likes by cursor, newest first: every like once, none lost or repeated when likes are added meanwhile', async () => {
    const pat = (await insertUser(h.db, { email: 'pat@example.org', displayName: 'pat', passwordHash: 'x', role: 'user' })).id;
    for (const id of songs.slice(0, 24)) await likeTrack(h.db, pat, id);
    // Likes made in the same microsecond, and a microsecond apart (within one millisecond),
    // as two tabs liking at once make them: song i at minute ⌊i/4⌋, plus i % 2 microseconds.
    for (const [i, id] of songs.slice(0, 24).entries()) {
      await h.db.execute(sql`update track_likes set liked_at = timestamptz '2026-01-01 00:00:00+00' + ${Math.floor(i / 4)} * interval '1 minute' + ${i % 2} * interval '1 microsecond' where user_id = ${pat} and track_id = ${id}`);
    }
    const expected = songs
      .slice(0, 24)
      .map((id, i) => ({ id, at: Math.floor(i / 4) * 60_000_000 + (i % 2) }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
      .map((x) => x.id);
    const unpaged = await readLikes(h.db, urls, pat, new URLSearchParams({ limit: '500' }));
    expect('tracks' in unpaged && unpaged.tracks.map((t) => t.id)).toEqual(expected);
    expect(unpaged).toMatchObject({ total: 24, next: null });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await readLikes(h.db, urls, pat, new URLSearchParams({ limit: '5', ...(after ? { after } : {}) }));
      if (!('tracks' in page)) throw new Error('a list of likes expected');
      seen.push(...page.tracks.map((t) => t.id));
      after = page.next;
      // New likes meanwhile go before the pages already read: the rest is unchanged.
      if (++pages === 2) for (const id of songs.slice(24, 27)) await likeTrack(h.db, pat, id);
    } while (after);
    expect(pages).toBe(5);
    expect(seen).toEqual(expected);
    const now = await readLikes(h.db, urls, pat, new URLSearchParams({ limit: '3' }));
    expect('tracks' in now && now.tracks.map((t) => t.id).sort()).toEqual(songs.slice(24, 27).sort());
    expect(now).toMatchObject({ total: 27 });
    // The older offset paging still answers, with the same cursor for what follows.
    const byOffset = await readLikes(h.db, urls, pat, new URLSearchParams({ limit: '5', offset: '3' }));
    expect('tracks' in byOffset && byOffset.tracks.map((t) => t.id)).toEqual(expected.slice(0, 5));
    const rest = await readLikes(h.db, urls, pat, new URLSearchParams({ limit: '500', after: (byOffset as { next: string }).next }));
    expect('tracks' in rest && rest.tracks.map((t) => t.id)).toEqual(expected.slice(5));
    for (const after of ['nope', '12.not-a-uuid', `-1.${songs[0]}`, `${'9'.repeat(30)}.${songs[0]}`]) {
      expect(await failure(readLikes(h.db, urls, pat, new URLSearchParams({ after })))).toMatchObject({ status: 400 });
    }
    expect(await failure(readLikes(h.db, urls, pat, new URLSearchParams({ after: (byOffset as { next: string }).next, offset: '5' })))).toMatchObject({ status: 400 });
  });

  it('refuses to like an unknown or unready track (404)', async () => {
    expect(await failure(likeTrack(h.db, lee, unready))).toMatchObject({ status: 404 });
    expect(await failure(likeTrack(h.db, lee, '00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404 });
  });

  it('keeps a private playlist its owner’s (404 to others, admins too) and shows a public one to all, changed by its owner only', async () => {
    const mine = await newPlaylist(lee, 'Private');
    const shared = await newPlaylist(lee, 'Shared', true);
    for (const viewer of [ana, admin]) {
      expect(await failure(getPlaylist(h.db, urls, viewer, mine))).toMatchObject({ status: 404 });
      expect(await failure(editPlaylist(h.db, urls, viewer, mine, { name: 'x' }))).toMatchObject({ status: 404 });
      expect((await getPlaylist(h.db, urls, viewer, shared)).playlist).toMatchObject({ name: 'Shared', isOwner: false, owner: { name: 'lee' } });
      expect(await failure(editPlaylist(h.db, urls, viewer, shared, { name: 'x' }))).toMatchObject({ status: 403 });
      expect(await failure(addItems(h.db, viewer, shared, { trackIds: [songs[0]] }))).toMatchObject({ status: 403 });
      expect(await failure(removePlaylist(h.db, viewer, shared))).toMatchObject({ status: 403 });
    }
    expect((await listPlaylists(h.db, urls, ana, new URLSearchParams())).playlists).toEqual([]);
    expect((await listPlaylists(h.db, urls, ana, new URLSearchParams({ scope: 'public' }))).playlists.map((p) => p.name)).toContain('Shared');
    expect((await listPlaylists(h.db, urls, lee, new URLSearchParams())).playlists.map((p) => p.name)).toEqual(expect.arrayContaining(['Private', 'Shared']));
    expect(await editPlaylist(h.db, urls, lee, mine, { name: ' Renamed ', description: 'For runs', isPublic: true })).toMatchObject({ name: 'Renamed', description: 'For runs', isPublic: true });
    await removePlaylist(h.db, lee, mine);
    expect(await failure(getPlaylist(h.db, urls, lee, mine))).toMatchObject({ status: 404 });
  });

  it('validates names, descriptions and track ids, listing the unknown ones', async () => {
    expect(await failure(createPlaylist(h.db, urls, lee, { name: '  ' }))).toMatchObject({ status: 400 });
    expect(await failure(createPlaylist(h.db, urls, lee, { name: 'x'.repeat(101) }))).toMatchObject({ status: 400 });
    expect(await failure(createPlaylist(h.db, urls, lee, { name: 'ok', description: 'x'.repeat(1001) }))).toMatchObject({ status: 400 });
    const id = await newPlaylist(lee);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await failure(addItems(h.db, lee, id, { trackIds: [songs[0], missing, unready] }))).toMatchObject({ status: 400, trackIds: [missing, unready] });
    expect(await failure(addItems(h.db, lee, id, { trackIds: Array(501).fill(songs[0]) }))).toMatchObject({ status: 400 });
    expect(await failure(addItems(h.db, lee, id, { trackIds: [] }))).toMatchObject({ status: 400 });
    expect(await failure(addItems(h.db, lee, id, { trackIds: ['not-a-uuid'] }))).toMatchObject({ status: 400 });
    expect(await titles(lee, id)).toEqual([]);
  });

  it('adds at the end or at a position, asks before adding a track twice, moves and removes one item at a time', async () => {
    const id = await newPlaylist(lee);
    const added = await addItems(h.db, lee, id, { trackIds: songs.slice(0, 3) });
    expect(added.items.map((i) => i.position)).toEqual([0, 1, 2]);
    await addItems(h.db, lee, id, { trackIds: [songs[3]], position: 0 });
    await addItems(h.db, lee, id, { trackIds: [songs[4], songs[5]], position: 2 });
    expect(await titles(lee, id)).toEqual(['Song 03', 'Song 00', 'Song 04', 'Song 05', 'Song 01', 'Song 02']);

    const again = await failure(addItems(h.db, lee, id, { trackIds: [songs[0], songs[6]] }));
    expect(again).toMatchObject({ status: 409, trackIds: [songs[0]] });
    expect(await addItems(h.db, lee, id, { trackIds: [songs[0], songs[6]], ifAlreadyThere: 'skip' })).toMatchObject({ skipped: [songs[0]], items: [{ trackId: songs[6], position: 6 }] });
    await addItems(h.db, lee, id, { trackIds: [songs[0]], ifAlreadyThere: 'add' });
    expect(await titles(lee, id)).toEqual(['Song 03', 'Song 00', 'Song 04', 'Song 05', 'Song 01', 'Song 02', 'Song 06', 'Song 00']);

    const { items } = await getPlaylist(h.db, urls, lee, id);
    expect(items.map((i) => i.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await moveItem(h.db, lee, id, items[7]!.itemId!, { position: 0 })).toEqual({ itemId: items[7]!.itemId!, position: 0 });
    // Past the end: last (index 7 of 8); to the last index exactly, the same.
    expect(await moveItem(h.db, lee, id, items[0]!.itemId!, { position: 99 })).toEqual({ itemId: items[0]!.itemId!, position: 7 });
    expect(await moveItem(h.db, lee, id, items[0]!.itemId!, { position: 7 })).toEqual({ itemId: items[0]!.itemId!, position: 7 });
    expect(await moveItem(h.db, lee, id, items[4]!.itemId!, { position: 2 })).toEqual({ itemId: items[4]!.itemId!, position: 2 });
    expect(await titles(lee, id)).toEqual(['Song 00', 'Song 00', 'Song 01', 'Song 04', 'Song 05', 'Song 02', 'Song 06', 'Song 03']);
    await removeItem(h.db, lee, id, items[1]!.itemId!);
    expect(await titles(lee, id)).toEqual(['Song 00', 'Song 01', 'Song 04', 'Song 05', 'Song 02', 'Song 06', 'Song 03']);
    expect(await failure(removeItem(h.db, lee, id, items[1]!.itemId!))).toMatchObject({ status: 404 });
    const other = await newPlaylist(lee, 'Other');
    expect(await failure(moveItem(h.db, lee, other, items[2]!.itemId!, { position: 0 }))).toMatchObject({ status: 404 });
    expect(await failure(moveItem(h.db, lee, id, items[2]!.itemId!, { position: -1 }))).toMatchObject({ status: 400 });
  });

  it('sums length and count, makes a mosaic of the first four distinct covers, and exports M3U8', async () => {
    const id = await newPlaylist(lee, 'Covers');
    await addItems(h.db, lee, id, { trackIds: [songs[0], songs[6], songs[1], songs[2], songs[3], songs[4]] }); // covers 0, 0, 1, 2, 3, 4
    const { playlist } = await getPlaylist(h.db, urls, lee, id);
    expect(playlist).toMatchObject({ trackCount: 6, durationMs: 6 * 60_000 + (0 + 6 + 1 + 2 + 3 + 4) * 1000 });
    expect(playlist.coverUrls).toEqual(['/media/covers/0.jpg', '/media/covers/1.jpg', '/media/covers/2.jpg', '/media/covers/3.jpg']);
    const m3u = await exportPlaylist(h.db, lee, id, 'https://mist.example');
    expect(m3u.filename).toBe('Covers.m3u8');
    expect(m3u.body.split('\n').slice(0, 4)).toEqual(['#EXTM3U', '#PLAYLIST:Covers', '#EXTINF:60,Band - Song 00', `https://mist.example/tracks/${songs[0]}`]);
    expect(await failure(exportPlaylist(h.db, ana, id, 'https://mist.example'))).toMatchObject({ status: 404 });
  });

  it('hides tracks being deleted and drops their items and likes when the track goes', async () => {
    const id = await newPlaylist(lee, 'Doomed');
    const doomed = (await insertTrack(h.db, { title: 'Doomed', status: 'ready', durationMs: 1000, originalFilename: 'd.flac', originalKey: 'originals/d', declaredContentType: 'audio/flac' })).id;
    await addItems(h.db, lee, id, { trackIds: [songs[0], doomed, songs[1]] });
    await likeTrack(h.db, ana, doomed);
    await updateTrack(h.db, doomed, { status: 'deleting' });
    const during = await getPlaylist(h.db, urls, lee, id);
    expect(during.items.map((i) => [i.track.title, i.position])).toEqual([['Song 00', 0], ['Song 01', 2]]);
    expect(await readLikes(h.db, urls, ana, new URLSearchParams())).toMatchObject({ tracks: [], total: 0 });
    await deleteTrackRow(h.db, doomed);
    expect((await getPlaylist(h.db, urls, lee, id)).items.map((i) => [i.track.title, i.position])).toEqual([['Song 00', 0], ['Song 01', 1]]);
    expect(await readLikes(h.db, urls, ana, new URLSearchParams({ trackIds: doomed }))).toEqual({ liked: [] });
  });

  it('pages a long playlist by place: every item once, in order, each with its index among all; a move by that index lands there', async () => {
    const id = await newPlaylist(lee, 'Long');
    const doomed = (await insertTrack(h.db, { title: 'Going', status: 'ready', durationMs: 1000, originalFilename: 'g.flac', originalKey: 'originals/g', declaredContentType: 'audio/flac' })).id;
    await addItems(h.db, lee, id, { trackIds: [...songs.slice(0, 12), doomed, ...songs.slice(12, 25)] });
    await updateTrack(h.db, doomed, { status: 'deleting' });
    const pages: Awaited<ReturnType<typeof getPlaylist>>[] = [];
    let after: string | null = null;
    do {
      const page = await getPlaylist(h.db, urls, lee, id, new URLSearchParams({ limit: '10', ...(after ? { after } : {}) }));
      pages.push(page);
      after = page.next;
    } while (after);
    expect(pages).toHaveLength(3);
    const all = pages.flatMap((p): { itemId: string | null; position: number; track: { id: string } }[] => p.items);
    expect(all.map((i) => i.track.id)).toEqual(songs.slice(0, 25));
    // The track being deleted keeps its place: positions skip 12, as the unpaged list does.
    expect(all.map((i) => i.position)).toEqual([...Array(12).keys(), ...Array.from({ length: 13 }, (_, i) => i + 13)]);
    expect((await getPlaylist(h.db, urls, lee, id)).items.map((i) => i.position)).toEqual(all.map((i) => i.position));
    // Song 22 (third page, index 23) moved to the place Song 05 holds (index 5).
    const song22 = all.find((i) => i.track.id === songs[22])!;
    await moveItem(h.db, lee, id, song22.itemId!, { position: all[5]!.position });
    expect((await titles(lee, id)).slice(4, 7)).toEqual(['Song 04', 'Song 22', 'Song 05']);
    expect(await failure(getPlaylist(h.db, urls, lee, id, new URLSearchParams({ after: 'not a cursor!' })))).toMatchObject({ status: 400 });
    expect(await failure(getPlaylist(h.db, urls, lee, id, new URLSearchParams({ limit: '1001' })))).toMatchObject({ status: 400 });
  });

  it('loses nothing when 20 adds arrive at once, and ends in one order', async () => {
    const id = await newPlaylist(ana, 'Together');
    await addItems(h.db, ana, id, { trackIds: [songs[29]] });
    const twenty = songs.slice(0, 20);
    const results = await Promise.all(twenty.map((trackId, i) => addItems(h.db, ana, id, { trackIds: [trackId], position: i % 3 === 0 ? 0 : undefined })));
    expect(results.every((r) => r.items.length === 1)).toBe(true);
    const { items } = await getPlaylist(h.db, urls, ana, id);
    expect(items).toHaveLength(21);
    expect(new Set(items.map((i) => i.track.id))).toEqual(new Set([...twenty, songs[29]]));
    expect(items.map((i) => i.position)).toEqual([...Array(21).keys()]);
    expect((await getPlaylist(h.db, urls, ana, id)).items.map((i) => i.itemId)).toEqual(items.map((i) => i.itemId));
  });

  it('keeps every item when 20 moves arrive at once, each in one consistent order', async () => {
    const id = await newPlaylist(ana, 'Shuffled');
    await addItems(h.db, ana, id, { trackIds: songs.slice(0, 20) });
    const before = (await getPlaylist(h.db, urls, ana, id)).items;
    // Every item moves to the front at once: whichever runs last is first, and each earlier
    // one follows in the order they ran, so the front 20 are all 20 items exactly once.
    const moved = await Promise.all(before.map((item, i) => moveItem(h.db, ana, id, item.itemId!, { position: i % 2 === 0 ? 0 : 19 })));
    expect(moved.every((m) => m.position === 0 || m.position === 19)).toBe(true);
    const after = (await getPlaylist(h.db, urls, ana, id)).items;
    expect(after).toHaveLength(20);
    expect(new Set(after.map((i) => i.itemId))).toEqual(new Set(before.map((i) => i.itemId)));
    expect(after.map((i) => i.position)).toEqual([...Array(20).keys()]);
    // Moved to the front: the evens, last-run first; to the end: the odds, last-run last.
    const evens = new Set(before.filter((_, i) => i % 2 === 0).map((i) => i.itemId));
    expect(after.slice(0, 10).every((i) => evens.has(i.itemId))).toBe(true);
    expect(after.slice(10).every((i) => !evens.has(i.itemId))).toBe(true);
  });
});
