import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { insertTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { confidenceLabel } from '@/lib/library/import-match';
import { parsePlaylistFile } from '@/lib/library/import-parse';
import { matchImportEntries } from '@/lib/library/playlist-import';
import { BOTH_DATABASES } from '../helpers/db';

// Issue 14 item 4: each imported line matched to the catalog, exact first, then forgiving
// case, accents, "feat." and typos, on the embedded database and on PostgreSQL.

const CATALOG: [title: string, artist: string, album: string, seconds: number, status?: 'ready' | 'processing'][] = [
  ['Bohemian Rhapsody', 'Queen', 'A Night at the Opera', 354],
  ['Innuendo', 'Queen', 'Innuendo', 391],
  ['Théâtre', 'Zoë Keating', 'Into the Trees', 240],
  ['Get Lucky', 'Daft Punk', 'Random Access Memories', 369],
  ['Hey Jude', 'The Beatles', 'Hey Jude', 431],
  ['Hey Jude', 'The Beatles', '1', 425],
  ['Yellow', 'Coldplay', 'Parachutes', 269],
  ['Yellow Submarine', 'The Beatles', 'Revolver', 160],
  ['Unfinished', 'Queen', 'Demos', 100, 'processing'],
];

describe.each(BOTH_DATABASES)('matching imported playlists on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  const ids: Record<string, string> = {};

  const matchFile = async (text: string, filename?: string) => {
    const { entries } = parsePlaylistFile(text, { filename });
    return matchImportEntries(h.db, entries);
  };

  beforeAll(async () => {
    ({ h, stop } = await open());
    for (const [title, artist, album, seconds, status] of CATALOG) {
      const artistId = await upsertArtist(h.db, artist);
      const albumId = await upsertAlbum(h.db, { title: album, artistId });
      const t = await insertTrack(h.db, { title, artistId, albumId, status: status ?? 'ready', durationMs: seconds * 1000, originalFilename: `${title}.flac`, originalKey: `originals/${title}-${album}`, declaredContentType: 'audio/flac' });
      ids[`${title}/${album}`] = t.id;
    }
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await stop();
  });

  it('matches exactly, then forgiving case and accents, feat. and release details, and a typo', async () => {
    const lines = await matchFile(
      [
        'title,artist,album',
        'Innuendo,Queen,Innuendo',
        'THEATRE,zoe keating,',
        '"Get Lucky (feat. Pharrell Williams) - Radio Edit",Daft Punk,',
        'Get Lucky (feat. Pharrell Williams),"Daft Punk, Pharrell Williams",Random Access Memories',
        'Bohemian Rapsody,Queen,',
        'Yelow,Coldplay,Parachutes',
      ].join('\n'),
    );
    const got = lines.map((l) => [l.parsed.title, l.match?.track.id, confidenceLabel(l.match?.confidence)]);
    expect(got).toEqual([
      ['Innuendo', ids['Innuendo/Innuendo'], 'exact'],
      ['THEATRE', ids['Théâtre/Into the Trees'], 'exact'],
      ['Get Lucky (feat. Pharrell Williams) - Radio Edit', ids['Get Lucky/Random Access Memories'], 'likely'],
      ['Get Lucky (feat. Pharrell Williams)', ids['Get Lucky/Random Access Memories'], 'exact'],
      ['Bohemian Rapsody', ids['Bohemian Rhapsody/A Night at the Opera'], 'likely'],
      ['Yelow', ids['Yellow/Parachutes'], 'likely'],
    ]);
  });

  it('finds nothing for an unknown track or one still processing, and offers the near misses', async () => {
    const [unknown, processing, wrongArtist] = await matchFile('#EXTM3U\n#EXTINF:200,Nobody Here - Zzyzx Road\nzz.mp3\n#EXTINF:100,Queen - Unfinished\nq.mp3\n#EXTINF:269,Nirvana - Yellow\ny.mp3\n');
    expect(unknown!.match).toBe(null);
    expect(unknown!.alternatives).toEqual([]);
    expect(processing!.match?.track.title).not.toBe('Unfinished');
    expect([processing!.match, ...processing!.alternatives].map((a) => a?.track.id)).not.toContain(ids['Unfinished/Demos']);
    expect(wrongArtist!.match).toBe(null);
    expect(wrongArtist!.alternatives[0]?.track.id).toBe(ids['Yellow/Parachutes']);
  });

  it('tells two recordings apart by album or duration, offering the other as an alternative', async () => {
    const [byAlbum, byDuration] = await matchFile('title,artist,album,duration\nHey Jude,Beatles,1,\nHey Jude,The Beatles,,431000\n');
    expect(byAlbum!.match?.track.id).toBe(ids['Hey Jude/1']);
    expect(byAlbum!.alternatives[0]?.track.id).toBe(ids['Hey Jude/Hey Jude']);
    expect(byDuration!.match?.track.id).toBe(ids['Hey Jude/Hey Jude']);
  });

  it('reads titles and artists from paths alone, and keeps file order with repeats', async () => {
    const lines = await matchFile('Music/Queen/Innuendo/01 - Innuendo.mp3\r\nC:\\Music\\Coldplay - Yellow.mp3\r\nMusic/Queen/Innuendo/01 - Innuendo.mp3\r\n', 'x.m3u');
    expect(lines.map((l) => [l.line, l.match?.track.id])).toEqual([
      [1, ids['Innuendo/Innuendo']],
      [2, ids['Yellow/Parachutes']],
      [3, ids['Innuendo/Innuendo']],
    ]);
  });

  it('matches 2,000 lines in a few statements, each line its own answer', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `Innuendo,Queen,` : `Song ${i},Band ${i},`));
    const lines = await matchFile(`title,artist,album\n${rows.join('\n')}`);
    expect(lines).toHaveLength(2000);
    expect(lines.filter((l) => l.match).length).toBe(1000);
    expect(lines.every((l, i) => (i % 2 ? l.match?.track.id === ids['Innuendo/Innuendo'] : l.match === null))).toBe(true);
  });
});
