import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertLike } from '@/db/queries/likes';
import { insertTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { userTrackPlays } from '@/db/schema';
import { toAppError } from '@/lib/errors';
import { addItems, createPlaylist, editPlaylist, exportPlaylist, getPlaylist, listPlaylists, moveItem, previewSmartPlaylist, removeItem } from '@/lib/library/playlists';
import { BOTH_DATABASES } from '../helpers/db';

const DAY = 86_400_000;
const urls = { publicUrl: (key: string) => `/media/${key}` };

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    const e = toAppError(error);
    return { status: e.status, message: e.message, fieldErrors: e.details.fieldErrors };
  }
  throw new Error('expected a failure');
}

// [title, artist, album, track year, album year, days since it became ready, seconds]
const CATALOG: [string, string | null, string | null, number | null, number | null, number, number | null][] = [
  ['Runaway', 'Aurora', 'All My Demons Greeting Me as a Friend', 2015, null, 5, 250],
  ['Queendom', 'Aurora', 'Infections of a Different Kind', 2019, null, 40, 190],
  ['Jóga', 'Björk', 'Homogenic', 1997, null, 2, 305],
  ['Hyperballad', 'Björk', 'Post', 1995, null, 100, 321],
  ['Roygbiv', 'Boards of Canada', 'Music Has the Right to Children', null, 1998, 10, 151],
  ['Hoppípolla', 'Sigur Rós', 'Takk...', 2005, null, 60, 268],
  ['Untitled', null, null, null, null, 200, 100],
];

describe.each(BOTH_DATABASES)('smart playlists on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  let lee: string;
  let ana: string;
  const ids: Record<string, string> = {};
  const titleOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id);

  /** What Lee's smart playlist with these conditions (and options) holds, as titles. */
  const picks = async (conditions: unknown[], options: Record<string, unknown> = {}, viewer?: string) => {
    const playlist = await createPlaylist(h.db, urls, lee, { name: 'Smart', isPublic: true, rules: { conditions, ...options } });
    const { items } = await getPlaylist(h.db, urls, viewer ?? lee, playlist.id);
    return items.map((i) => i.track.title);
  };
  const sorted = async (conditions: unknown[], options: Record<string, unknown> = {}) => (await picks(conditions, options)).sort();

  beforeAll(async () => {
    ({ h, stop } = await open());
    const user = async (email: string) => (await insertUser(h.db, { email, displayName: email.split('@')[0]!, passwordHash: 'x', role: 'user' })).id;
    lee = await user('lee@example.org');
    ana = await user('ana@example.org');
    for (const [title, artist, album, year, albumYear, daysAgo, seconds] of CATALOG) {
      const artistId = artist ? await upsertArtist(h.db, artist) : null;
      const albumId = album && artistId ? await upsertAlbum(h.db, { title: album, artistId, year: albumYear }) : null;
      const readyAt = new Date(Date.now() - daysAgo * DAY);
      const t = await insertTrack(h.db, { title, artistId, albumId, year, status: 'ready', readyAt, durationMs: seconds === null ? null : seconds * 1000 + 400, coverKey: `covers/${title}.jpg`, originalFilename: `${title}.flac`, originalKey: `originals/${title}`, declaredContentType: 'audio/flac' });
      ids[title] = t.id;
    }
    // Not ready: never picked, whatever the rules.
    const aurora = await upsertArtist(h.db, 'Aurora');
    await insertTrack(h.db, { title: 'Processing', artistId: aurora, status: 'processing', readyAt: null, durationMs: 200_000, originalFilename: 'p.flac', originalKey: 'originals/p', declaredContentType: 'audio/flac' });
    await insertTrack(h.db, { title: 'Failed', artistId: aurora, status: 'failed', readyAt: null, durationMs: 200_000, originalFilename: 'f.flac', originalKey: 'originals/f', declaredContentType: 'audio/flac' });
    const played = (userId: string, title: string, plays: number, daysAgo: number) => ({ userId, trackId: ids[title]!, plays, lastPlayedAt: new Date(Date.now() - daysAgo * DAY) });
    await h.db.insert(userTrackPlays).values([played(lee, 'Runaway', 5, 1), played(lee, 'Jóga', 2, 50), played(lee, 'Hyperballad', 1, 3), played(ana, 'Roygbiv', 10, 0), played(ana, 'Hoppípolla', 3, 0)]);
    for (const title of ['Queendom', 'Jóga']) await insertLike(h.db, lee, ids[title]!);
    for (const title of ['Roygbiv', 'Hoppípolla']) await insertLike(h.db, ana, ids[title]!);
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('matches artists and albums by "is" and "contains", ignoring case and accents, never a track that is not ready', async () => {
    expect(await sorted([{ field: 'artist', op: 'contains', value: 'bjork' }])).toEqual(['Hyperballad', 'Jóga']);
    expect(await sorted([{ field: 'artist', op: 'is', value: 'SIGUR ROS' }])).toEqual(['Hoppípolla']);
    expect(await sorted([{ field: 'artist', op: 'is', value: 'aur' }])).toEqual([]);
    expect(await sorted([{ field: 'artist', op: 'contains', value: 'aur' }])).toEqual(['Queendom', 'Runaway']);
    expect(await sorted([{ field: 'album', op: 'is', value: 'post' }])).toEqual(['Hyperballad']);
    expect(await sorted([{ field: 'album', op: 'contains', value: 'demons' }])).toEqual(['Runaway']);
    // LIKE's wildcards are text here.
    expect(await sorted([{ field: 'album', op: 'contains', value: '%' }])).toEqual([]);
    expect(await sorted([{ field: 'album', op: 'contains', value: '...' }])).toEqual(['Hoppípolla']);
  });

  it('picks by year (the album’s when the track has none), added within N days, and length', async () => {
    expect(await sorted([{ field: 'year', from: 1995, to: 1998 }])).toEqual(['Hyperballad', 'Jóga', 'Roygbiv']);
    expect(await sorted([{ field: 'year', to: 1996 }])).toEqual(['Hyperballad']);
    expect(await sorted([{ field: 'year', from: 2010 }])).toEqual(['Queendom', 'Runaway']);
    expect(await sorted([{ field: 'added', days: 30 }])).toEqual(['Jóga', 'Roygbiv', 'Runaway']);
    expect(await sorted([{ field: 'duration', from: 200, to: 260 }])).toEqual(['Runaway']);
    // 190.4 s counts as 190 s: "up to 190" keeps it.
    expect(await sorted([{ field: 'duration', to: 190 }])).toEqual(['Queendom', 'Roygbiv', 'Untitled']);
  });

  it('reads plays, "not played" and likes as the owner’s, also when another listener opens the playlist', async () => {
    expect(await sorted([{ field: 'plays', moreThan: 1 }])).toEqual(['Jóga', 'Runaway']);
    expect(await sorted([{ field: 'plays', moreThan: 0 }])).toEqual(['Hyperballad', 'Jóga', 'Runaway']);
    // Never played counts as not played.
    expect(await sorted([{ field: 'notPlayed', days: 30 }])).toEqual(['Hoppípolla', 'Jóga', 'Queendom', 'Roygbiv', 'Untitled']);
    expect(await sorted([{ field: 'liked' }])).toEqual(['Jóga', 'Queendom']);
    // Ana sees Lee's picks, not her own likes and plays.
    expect((await picks([{ field: 'liked' }], {}, ana)).sort()).toEqual(['Jóga', 'Queendom']);
    expect((await picks([{ field: 'plays', moreThan: 2 }], {}, ana)).sort()).toEqual(['Runaway']);
  });

  it('matches all or any of the conditions', async () => {
    const conditions = [{ field: 'artist', op: 'contains', value: 'aurora' }, { field: 'added', days: 30 }];
    expect(await sorted(conditions, { match: 'all' })).toEqual(['Runaway']);
    expect(await sorted(conditions, { match: 'any' })).toEqual(['Jóga', 'Queendom', 'Roygbiv', 'Runaway']);
    expect(await sorted([{ field: 'liked' }, { field: 'plays', moreThan: 4 }], { match: 'any' })).toEqual(['Jóga', 'Queendom', 'Runaway']);
  });

  it('sorts and stops at the limit', async () => {
    const everything = [{ field: 'duration', from: 0 }];
    expect(await picks(everything, { sort: 'title', order: 'asc', limit: 3 })).toEqual(['Hoppípolla', 'Hyperballad', 'Jóga']);
    expect(await picks(everything, { sort: 'added', order: 'desc', limit: 2 })).toEqual(['Jóga', 'Runaway']);
    expect(await picks(everything, { sort: 'plays', order: 'desc', limit: 3 })).toEqual(['Runaway', 'Jóga', 'Hyperballad']);
    expect(await picks(everything, { sort: 'lastPlayed', order: 'desc', limit: 3 })).toEqual(['Runaway', 'Hyperballad', 'Jóga']);
    // No year goes last either way.
    expect(await picks(everything, { sort: 'year', order: 'asc' })).toEqual(['Hyperballad', 'Jóga', 'Roygbiv', 'Hoppípolla', 'Runaway', 'Queendom', 'Untitled']);
    expect(await picks(everything, { sort: 'year', order: 'desc', limit: 1 })).toEqual(['Queendom']);
    // By artist, then album (Homogenic before Post).
    expect(await picks(everything, { sort: 'artist', order: 'asc', limit: 4 })).toEqual(['Runaway', 'Queendom', 'Jóga', 'Hyperballad']);
    expect(await picks(everything, { sort: 'album', order: 'desc', limit: 2 })).toEqual(['Hoppípolla', 'Hyperballad']);
    const shuffled = await picks(everything, { sort: 'random' });
    expect(shuffled.sort()).toEqual(CATALOG.map(([t]) => t).sort());
  });

  it('shows as a smart playlist with its evaluated count, length and covers; the list marks it without evaluating it', async () => {
    const created = await createPlaylist(h.db, urls, lee, { name: 'Björk', rules: { conditions: [{ field: 'artist', op: 'is', value: 'björk' }], sort: 'year', order: 'asc' } });
    expect(created).toMatchObject({ smart: true, rules: { match: 'all', sort: 'year', order: 'asc', limit: 100 } });
    const { playlist, items } = await getPlaylist(h.db, urls, lee, created.id);
    expect(playlist).toMatchObject({ smart: true, trackCount: 2, durationMs: 626_800, coverUrls: ['/media/covers/Hyperballad.jpg', '/media/covers/Jóga.jpg'] });
    expect(items.map((i) => [i.itemId, i.position, i.track.title])).toEqual([
      [null, 0, 'Hyperballad'],
      [null, 1, 'Jóga'],
    ]);
    const listed = (await listPlaylists(h.db, urls, lee, new URLSearchParams())).playlists.find((p) => p.id === created.id);
    expect(listed).toMatchObject({ smart: true, trackCount: null, durationMs: null });
    const m3u = await exportPlaylist(h.db, lee, created.id, 'https://mist.example');
    expect(m3u.body).toContain(`https://mist.example/tracks/${ids.Hyperballad}`);
    expect(m3u.body.split('\n').filter((l) => l.startsWith('#EXTINF'))).toEqual(['#EXTINF:321,Björk - Hyperballad', '#EXTINF:305,Björk - Jóga']);
  });

  it('changes rules by PATCH (the owner only); items are the rules’ to choose (409); an ordinary playlist gets no rules', async () => {
    const { id } = await createPlaylist(h.db, urls, lee, { name: 'Liked', isPublic: true, rules: { conditions: [{ field: 'liked' }] } });
    const edited = await editPlaylist(h.db, urls, lee, id, { rules: { conditions: [{ field: 'plays', moreThan: 4 }] } });
    expect(edited.rules).toMatchObject({ conditions: [{ field: 'plays', moreThan: 4 }] });
    expect((await getPlaylist(h.db, urls, lee, id)).items.map((i) => titleOf(i.track.id))).toEqual(['Runaway']);
    expect(await failure(editPlaylist(h.db, urls, ana, id, { rules: { conditions: [{ field: 'liked' }] } }))).toMatchObject({ status: 403 });
    const refused = { status: 409, message: expect.stringContaining('filled by their rules') };
    expect(await failure(addItems(h.db, lee, id, { trackIds: [ids.Jóga] }))).toMatchObject(refused);
    expect(await failure(moveItem(h.db, lee, id, ids.Jóga!, { position: 0 }))).toMatchObject(refused);
    expect(await failure(removeItem(h.db, lee, id, ids.Jóga!))).toMatchObject(refused);
    const bad = await failure(editPlaylist(h.db, urls, lee, id, { rules: { conditions: [{ field: 'year', from: 2000, to: 1990 }], limit: 5000 } }));
    expect(bad).toMatchObject({ status: 400, fieldErrors: { 'rules.conditions.0.to': ['"from" must not be after "to".'], 'rules.limit': ['"limit" must be at most 1000.'] } });
    const ordinary = await createPlaylist(h.db, urls, lee, { name: 'Plain' });
    expect(ordinary).toMatchObject({ smart: false, rules: null, trackCount: 0 });
    expect(await failure(editPlaylist(h.db, urls, lee, ordinary.id, { rules: { conditions: [{ field: 'liked' }] } }))).toMatchObject({ status: 409 });
  });

  it('previews how many tracks rules pick for the caller', async () => {
    expect(await previewSmartPlaylist(h.db, lee, { rules: { conditions: [{ field: 'notPlayed', days: 30 }], limit: 3 } })).toEqual({ matching: 5, count: 3 });
    expect(await previewSmartPlaylist(h.db, ana, { rules: { conditions: [{ field: 'liked' }] } })).toEqual({ matching: 2, count: 2 });
    expect(await failure(previewSmartPlaylist(h.db, lee, { rules: { conditions: [] } }))).toMatchObject({ status: 400, fieldErrors: { 'rules.conditions': ['Add at least one condition.'] } });
  });
});
