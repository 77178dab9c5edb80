import { ImportFileError } from './import-text';

/**
 * Reading playlist files other players and services write (pure): M3U/M3U8 and CSV exports.
 * Each entry keeps its line number and original text for the review screen.
 */

export const MAX_IMPORT_TRACKS = 10_000;

export type ParsedTrack = { title: string; artist: string | null; album: string | null; durationMs: number | null; trackId: string | null };
export type ImportEntry = { line: number; text: string; parsed: ParsedTrack };
export type ImportFormat = 'm3u' | 'csv';
export type ParsedPlaylist = { name: string | null; format: ImportFormat; entries: ImportEntry[] };

const AUDIO_EXTENSION = /\.(mp3|flac|m4a|aac|ogg|oga|opus|wav|wma|aiff?|alac|ape|wv|mpc|mp4|webm)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Folder names that say where music is kept, not who made it.
const NOT_ARTIST = /^(?:[a-z]:|music|my music|itunes|itunes media|media|audio|mp3s?|flac|downloads?|desktop|documents|users?|home|mnt|media|volumes|storage|sdcard|emulated|0|music library|library|songs|playlists?|compilations|various artists|unknown artist|unknown album|\.\.?)$/i;
const TRACK_NUMBER = /^(?:\d{1,2}[-.]\s?)?\d{1,3}(?:\s*[-.]\s*|\s+)(?=\S)/;

const lines = (text: string) => text.split(/\r\n|\r|\n/);
const clean = (s: string | undefined | null) => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
};

/** Reads the playlist; `format` when known, else from the file name, else from the text. */
export function parsePlaylistFile(text: string, options: { filename?: string | null; format?: ImportFormat | null } = {}): ParsedPlaylist {
  const format = options.format ?? detectFormat(text, options.filename);
  const parsed = format === 'm3u' ? parseM3u(text) : parseCsv(text);
  if (parsed.entries.length === 0) throw new ImportFileError('empty', 'No tracks found in the file.');
  if (parsed.entries.length > MAX_IMPORT_TRACKS) {
    throw new ImportFileError('too_many_tracks', `At most ${MAX_IMPORT_TRACKS.toLocaleString('en')} tracks per import; this file has ${parsed.entries.length.toLocaleString('en')}. Split it into smaller files.`);
  }
  return { name: parsed.name ?? nameFromFilename(options.filename), format, entries: parsed.entries };
}

function nameFromFilename(filename: string | null | undefined): string | null {
  if (!filename) return null;
  return clean(filename.replace(/^.*[/\\]/, '').replace(/\.[^.]+$/, '').replace(/_/g, ' '));
}

export function detectFormat(text: string, filename?: string | null): ImportFormat {
  if (filename && /\.m3u8?$/i.test(filename)) return 'm3u';
  if (filename && /\.(csv|tsv)$/i.test(filename)) return 'csv';
  const first = lines(text.trimStart())[0] ?? '';
  if (/^#EXT/i.test(first)) return 'm3u';
  const sample = lines(text).filter((l) => l.trim() && !l.startsWith('#')).slice(0, 20);
  const looksLikePaths = sample.filter((l) => /[/\\]/.test(l) || AUDIO_EXTENSION.test(l.trim())).length;
  return looksLikePaths > sample.length / 2 ? 'm3u' : 'csv';
}

/** "Artist - Title" (the #EXTINF convention), or just a title. */
function artistDashTitle(value: string): { artist: string | null; title: string } {
  const at = value.indexOf(' - ');
  if (at <= 0) return { artist: null, title: value.trim() };
  return { artist: clean(value.slice(0, at)), title: value.slice(at + 3).trim() };
}

/** What a path or URL says: "Artist/Album/01 - Title.mp3"; MIST's own /tracks/{id} links name the track. */
export function hintsFromLocation(location: string): ParsedTrack {
  let path = location.trim();
  let trackId: string | null = null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      const url = new URL(path);
      path = decodeURIComponent(url.pathname);
      trackId = path.match(/\/tracks\/([0-9a-f-]{36})\/?$/i)?.[1]?.toLowerCase() ?? null;
    } catch {
      // Not a URL after all: read it as a path.
    }
  }
  const parts = path.split(/[/\\]+/).filter(Boolean);
  const file = (parts.pop() ?? '').replace(AUDIO_EXTENSION, '');
  if (trackId || UUID.test(file)) return { title: file, artist: null, album: null, durationMs: null, trackId: trackId ?? file.toLowerCase() };
  const folders = parts.filter((p) => !NOT_ARTIST.test(p.trim()));
  const album = folders.length >= 1 ? clean(folders.at(-1)) : null;
  const folderArtist = folders.length >= 2 ? clean(folders.at(-2)) : null;
  const stem = file.replace(/_/g, ' ').replace(TRACK_NUMBER, '').trim() || file;
  const split = artistDashTitle(stem);
  const sameAsFolder = (s: string | null) => !!s && [folderArtist, album].some((f) => f?.toLowerCase() === s.toLowerCase());
  if (split.artist && (!folderArtist || sameAsFolder(split.artist))) {
    return { title: split.title, artist: split.artist, album: split.artist.toLowerCase() === album?.toLowerCase() ? null : album, durationMs: null, trackId: null };
  }
  return { title: stem, artist: folderArtist, album, durationMs: null, trackId: null };
}

function parseM3u(text: string): { name: string | null; entries: ImportEntry[] } {
  let name: string | null = null;
  const entries: ImportEntry[] = [];
  let info: { line: number; durationMs: number | null; artist: string | null; title: string | null; album: string | null } | null = null;
  lines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      const [tag, ...rest] = line.split(':');
      const value = rest.join(':');
      switch (tag!.toUpperCase()) {
        case '#PLAYLIST':
          name = clean(value) ?? name;
          break;
        case '#EXTINF': {
          const comma = value.indexOf(',');
          const seconds = Number.parseFloat(comma < 0 ? value : value.slice(0, comma));
          const label = artistDashTitle(comma < 0 ? '' : value.slice(comma + 1));
          info = { line: i + 1, durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null, artist: label.artist, title: clean(label.title), album: info?.album ?? null };
          break;
        }
        case '#EXTALB':
          info = { ...(info ?? { line: i + 1, durationMs: null, artist: null, title: null }), album: clean(value) };
          break;
        case '#EXTART':
          info = { ...(info ?? { line: i + 1, durationMs: null, title: null, album: null }), artist: clean(value) };
          break;
        default: // #EXTM3U, #EXTGRP, #EXTVLCOPT and comments
      }
      return;
    }
    const hints = hintsFromLocation(line);
    const from = info as typeof info | null;
    entries.push({
      line: i + 1,
      text: raw.trim(),
      parsed: {
        title: from?.title ?? hints.title,
        artist: from?.artist ?? hints.artist,
        album: from?.album ?? hints.album,
        durationMs: from?.durationMs ?? null,
        trackId: hints.trackId,
      },
    });
    info = null;
  });
  return { name, entries };
}

/** RFC 4180 records: quoted fields hold delimiters, doubled quotes and line breaks. */
export function csvRecords(text: string, delimiter: string): { line: number; text: string; fields: string[] }[] {
  const out: { line: number; text: string; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let start = 0;
  const endRecord = (end: number) => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) out.push({ line: startLine, text: text.slice(start, end), fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') (field = ''), (quoted = true);
    else if (c === delimiter) fields.push(field), (field = '');
    else if (c === '\r' || c === '\n') {
      endRecord(i);
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      startLine = line;
      start = i + 1;
    } else field += c;
  }
  endRecord(text.length);
  return out;
}

const HEADERS: Record<'title' | 'artist' | 'album' | 'duration', RegExp> = {
  title: /^(?:track ?name|title|name|song|song ?name|song ?title|track|track ?title)$/,
  artist: /^(?:artist ?names?(?: ?\(s\))?|artists?|artist ?\(s\)|performer|creator|album ?artist)$/,
  album: /^(?:album|album ?name|album ?title|release|collection)$/,
  duration: /^(?:(?:track ?)?duration(?: ?\((?:ms|s)\))?|time|length|duration ?ms)$/,
};

// Other columns services export: a first row of these is a header too.
const OTHER_HEADERS = /^(?:video ?id|time added|isrc|spotify ?id|track ?uri|uri|url|added ?at|added ?by|genres?|year|release ?date|playlist ?name|type|position|#|composer|popularity|explicit)$/;

function columnsOf(header: string[]): Partial<Record<keyof typeof HEADERS, number>> | null {
  const cols: Partial<Record<keyof typeof HEADERS, number>> = {};
  let known = 0;
  header.forEach((cell, i) => {
    const key = cell.trim().toLowerCase().replace(/[_\s]+/g, ' ');
    if (OTHER_HEADERS.test(key) || Object.values(HEADERS).some((re) => re.test(key))) known++;
    for (const [field, re] of Object.entries(HEADERS) as [keyof typeof HEADERS, RegExp][]) {
      // The first column of a kind wins: "Artist Name(s)" before "Album Artist Name(s)".
      if (cols[field] === undefined && re.test(key)) cols[field] = i;
    }
  });
  return known > 0 ? cols : null;
}

/** Milliseconds from "Duration (ms)", seconds ("Time" in Apple's export) or "m:ss". */
function durationOf(value: string | undefined, header: string | undefined): number | null {
  const v = value?.trim();
  if (!v) return null;
  const clock = v.match(/^(?:(\d+):)?(\d{1,2}):(\d{2})$/);
  if (clock) return ((Number(clock[1] ?? 0) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) return null;
  return /ms/i.test(header ?? '') || n > 20_000 ? Math.round(n) : Math.round(n * 1000);
}

function parseCsv(text: string): { name: string | null; entries: ImportEntry[] } {
  const firstLine = lines(text).find((l) => l.trim()) ?? '';
  // The delimiter the first line uses most: comma, else semicolon (European exports) or tab.
  const [delimiter] = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]!;
  const records = csvRecords(text, delimiter);
  const header = records[0] ? columnsOf(records[0].fields) : null;
  if (records[0] && header && header.title === undefined) {
    throw new ImportFileError('no_title_column', `No title column in the CSV header (${records[0].fields.map((f) => `"${f.trim()}"`).join(', ')}). Name one "Title" or "Track Name".`);
  }
  const cols = header ?? { title: 0, artist: 1, album: 2 };
  const headerCells = header ? records[0]!.fields : [];
  const entries: ImportEntry[] = [];
  for (const r of header ? records.slice(1) : records) {
    const at = (i: number | undefined) => (i === undefined ? null : clean(r.fields[i]));
    const title = at(cols.title);
    if (!title) continue;
    entries.push({
      line: r.line,
      text: r.text.trim(),
      parsed: { title, artist: at(cols.artist), album: at(cols.album), durationMs: durationOf(r.fields[cols.duration ?? -1], headerCells[cols.duration ?? -1]), trackId: null },
    });
  }
  return { name: null, entries };
}
