import { describe, expect, it } from 'vitest';
import { buildM3u8 } from './m3u8';
import { csvRecords, hintsFromLocation, MAX_IMPORT_TRACKS, parsePlaylistFile } from './import-parse';
import { decodeImportFile, ImportFileError } from './import-text';

const utf8 = (s: string) => new TextEncoder().encode(s);
const read = (text: string, filename?: string) => parsePlaylistFile(decodeImportFile(utf8(text)), { filename });
const parsedOf = (text: string, filename?: string) => read(text, filename).entries.map((e) => e.parsed);

describe('reading the file', () => {
  it('drops a UTF-8 BOM, reads UTF-16 with a BOM and falls back to Windows-1252', () => {
    expect(decodeImportFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('#EXTM3U\nZoë.mp3')]))).toBe('#EXTM3U\nZoë.mp3');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('Name\tArtist\r\nThéâtre\tZoë').flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeImportFile(utf16)).toBe('Name\tArtist\r\nThéâtre\tZoë');
    expect(decodeImportFile(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });

  it('refuses an empty file and a binary one', () => {
    expect(() => decodeImportFile(utf8(' \r\n\n'))).toThrow(ImportFileError);
    expect(() => decodeImportFile(new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x01, 0x02]))).toThrow(/not a text file/);
    expect(() => read('#EXTM3U\n# nothing here\n')).toThrow(/No tracks/);
  });
});

describe('M3U and M3U8', () => {
  it('reads #EXTINF artist, title and duration, #PLAYLIST as the name, over CRLF, comments and blank lines', () => {
    const file = '\ufeff#EXTM3U\r\n#PLAYLIST:Road trip\r\n\r\n# a comment\r\n#EXTINF:354,Queen - Bohemian Rhapsody\r\nMusic\\Queen\\A Night at the Opera\\11 Bohemian Rhapsody.mp3\r\n#EXTINF:-1,Untitled\r\n#EXTVLCOPT:network-caching=1000\r\nhttp://radio.example/stream\r\n';
    const p = read(file);
    expect(p.name).toBe('Road trip');
    expect(p.format).toBe('m3u');
    expect(p.entries).toEqual([
      { line: 6, text: 'Music\\Queen\\A Night at the Opera\\11 Bohemian Rhapsody.mp3', parsed: { title: 'Bohemian Rhapsody', artist: 'Queen', album: 'A Night at the Opera', durationMs: 354_000, trackId: null } },
      { line: 9, text: 'http://radio.example/stream', parsed: { title: 'Untitled', artist: null, album: null, durationMs: null, trackId: null } },
    ]);
  });

  it('takes hints from relative, absolute, Windows and URL paths', () => {
    expect(hintsFromLocation('Artist/Album/01 - Title.mp3')).toMatchObject({ artist: 'Artist', album: 'Album', title: 'Title' });
    expect(hintsFromLocation('../Music/Daft Punk/Discovery/03. Digital Love.flac')).toMatchObject({ artist: 'Daft Punk', album: 'Discovery', title: 'Digital Love' });
    expect(hintsFromLocation('C:\\Users\\me\\Music\\Nirvana - Lithium.mp3')).toMatchObject({ artist: 'Nirvana', title: 'Lithium' });
    expect(hintsFromLocation('/home/me/Music/Björk/Homogenic/1-05 Bachelorette.m4a')).toMatchObject({ artist: 'Björk', album: 'Homogenic', title: 'Bachelorette' });
    expect(hintsFromLocation('file:///mnt/music/Air/Moon%20Safari/02%20Sexy%20Boy.ogg')).toMatchObject({ artist: 'Air', album: 'Moon Safari', title: 'Sexy Boy' });
    expect(hintsFromLocation('song.mp3')).toMatchObject({ artist: null, album: null, title: 'song' });
  });

  it('reads back what MIST exports, naming each track by its link', () => {
    const id = '0b5f6c1e-8a5b-4c2e-9d0e-1f2a3b4c5d6e';
    const p = read(buildM3u8('Night drive', [{ title: 'Théâtre', artist: 'Zoë', durationMs: 187_600, url: `https://mist.example/tracks/${id}` }]), 'Night drive.m3u8');
    expect(p.name).toBe('Night drive');
    expect(p.entries[0]!.parsed).toEqual({ title: 'Théâtre', artist: 'Zoë', album: null, durationMs: 188_000, trackId: id });
  });

  it('names the playlist after the file when it has no #PLAYLIST, and detects plain path lists', () => {
    const p = read('Artist/Album/01 - One.mp3\nArtist/Album/02 - Two.mp3\n', 'My_Mix.m3u');
    expect(p.name).toBe('My Mix');
    expect(parsedOf('Artist/Album/01 - One.mp3\nArtist/Album/02 - Two.mp3\n').map((t) => t.title)).toEqual(['One', 'Two']);
  });
});

describe('CSV', () => {
  it('reads an Exportify (Spotify) export: columns by header, quoted commas and doubled quotes, duration in ms', () => {
    const csv = '"Track URI","Track Name","Album Name","Artist Name(s)","Release Date","Duration (ms)"\r\n' +
      '"spotify:track:1","Get Lucky (feat. Pharrell Williams)","Random Access Memories","Daft Punk, Pharrell Williams","2013-05-17","369626"\r\n' +
      '"spotify:track:2","She Said ""Hello""","Hits, Vol. 2","Zoë","2001","200000"\r\n';
    expect(parsedOf(csv, 'liked.csv')).toEqual([
      { title: 'Get Lucky (feat. Pharrell Williams)', artist: 'Daft Punk, Pharrell Williams', album: 'Random Access Memories', durationMs: 369_626, trackId: null },
      { title: 'She Said "Hello"', artist: 'Zoë', album: 'Hits, Vol. 2', durationMs: 200_000, trackId: null },
    ]);
  });

  it('takes headers in any order and case (TuneMyMusic, Soundiiz, Apple Music tab-separated)', () => {
    expect(parsedOf('Artist name,Track name,Album\nQueen,Innuendo,Innuendo\n')[0]).toMatchObject({ title: 'Innuendo', artist: 'Queen', album: 'Innuendo' });
    expect(parsedOf('title;artist;album;isrc\nTeardrop;Massive Attack;Mezzanine;GBAAA\n')[0]).toMatchObject({ title: 'Teardrop', artist: 'Massive Attack', album: 'Mezzanine' });
    expect(parsedOf('Name\tArtist\tComposer\tAlbum\tTime\nHey Jude\tThe Beatles\tLennon\t1\t431\n')[0]).toEqual({ title: 'Hey Jude', artist: 'The Beatles', album: '1', durationMs: 431_000, trackId: null });
  });

  it('reads title, artist, album in that order without a header, skipping blank lines and rows without a title', () => {
    const p = read('Yesterday,The Beatles,Help!\n\n,Nobody,Nothing\r\n"Multi\nline",Someone,\n');
    expect(p.entries.map((e) => [e.line, e.parsed.title, e.parsed.artist, e.parsed.album])).toEqual([
      [1, 'Yesterday', 'The Beatles', 'Help!'],
      [4, 'Multi line', 'Someone', null],
    ]);
  });

  it('says which columns it found when none is a title', () => {
    expect(() => read('Video ID,Time Added\nabc,2020\n', 'yt.csv')).toThrow(/No title column.*"Video ID", "Time Added"/);
  });

  it('parses quoted fields like RFC 4180', () => {
    expect(csvRecords('a,"b,c","d ""e"""\n', ',').map((r) => r.fields)).toEqual([['a', 'b,c', 'd "e"']]);
  });
});

describe('limits', () => {
  it(`reads ${MAX_IMPORT_TRACKS.toLocaleString('en')} tracks and refuses one more`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `Title ${i},Artist ${i % 50},Album ${i % 300}`).join('\r\n');
    const p = read(`title,artist,album\r\n${rows(MAX_IMPORT_TRACKS)}`);
    expect(p.entries).toHaveLength(MAX_IMPORT_TRACKS);
    expect(p.entries.at(-1)).toMatchObject({ line: MAX_IMPORT_TRACKS + 1, parsed: { title: `Title ${MAX_IMPORT_TRACKS - 1}` } });
    expect(() => read(`title,artist,album\r\n${rows(MAX_IMPORT_TRACKS + 1)}`)).toThrow(/At most 10,000 tracks per import; this file has 10,001/);
  });
});
