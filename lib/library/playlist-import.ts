import 'server-only';
import type { Db } from '@/db/client';
import { type CatalogTrack, listCatalogTracksByIds } from '@/db/queries/catalog';
import { findImportCandidates, type ImportLookup } from '@/db/queries/playlist-import';
import { AppError } from '@/lib/errors';
import type { Storage } from '@/lib/storage/types';
import { catalogTrackDto } from '@/lib/tracks/dto';
import { newMatchMemo, pickMatch, type Scored } from './import-match';
import { type ImportEntry, type ImportFormat, parsePlaylistFile } from './import-parse';
import { decodeImportFile, firstArtist, ImportFileError, stripAll, stripFeat } from './import-text';

/** The most an uploaded playlist file may weigh: 10,000 entries with long paths fit. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** Lines looked up per statement: one round trip per this many, not one per line. */
const LOOKUP_CHUNK = 500;

export type MatchedEntry = ImportEntry & { match: Scored<CatalogTrack> | null; alternatives: Scored<CatalogTrack>[] };

const lookupKey = (l: ImportLookup) => `${l.title}\u0000${l.artist ?? ''}`;

/** Each entry matched to the catalog's ready tracks, in file order (reads only). */
export async function matchImportEntries(db: Db, entries: ImportEntry[], timings?: { databaseMs: number }): Promise<MatchedEntry[]> {
  const lookups: ImportLookup[] = [];
  const lookupOf = new Map<string, number>();
  const entryLookup = entries.map(({ parsed }) => {
    const lookup = { title: stripFeat(parsed.title) || parsed.title, core: stripAll(parsed.title) || parsed.title, artist: parsed.artist ? firstArtist(parsed.artist) || parsed.artist : null };
    const key = lookupKey(lookup);
    if (!lookupOf.has(key)) lookupOf.set(key, lookups.push(lookup) - 1);
    return lookupOf.get(key)!;
  });
  const candidates = lookups.map((): CatalogTrack[] => []);
  const started = performance.now();
  for (let from = 0; from < lookups.length; from += LOOKUP_CHUNK) {
    for (const { line, track } of await findImportCandidates(db, lookups.slice(from, from + LOOKUP_CHUNK))) candidates[from + line]!.push(track);
  }
  // Links to MIST's own tracks (an exported playlist) name them.
  const hinted = [...new Set(entries.map((e) => e.parsed.trackId).filter((id): id is string => !!id))];
  const byId = new Map<string, CatalogTrack>();
  for (let from = 0; from < hinted.length; from += 5000) for (const t of await listCatalogTracksByIds(db, hinted.slice(from, from + 5000))) byId.set(t.id, t);
  if (timings) timings.databaseMs += performance.now() - started;
  const memo = newMatchMemo();
  return entries.map((entry, i) => {
    const named = entry.parsed.trackId ? byId.get(entry.parsed.trackId) : undefined;
    return { ...entry, ...pickMatch(entry.parsed, named ? [named, ...candidates[entryLookup[i]!]!] : candidates[entryLookup[i]!]!, memo) };
  });
}

const formats = new Set<ImportFormat>(['m3u', 'csv']);

/**
 * An uploaded playlist file read and matched, for the listener to review: nothing is written.
 * A file that is empty, not text, or too long is refused with a message saying so.
 */
export async function previewImport(db: Db, storage: Pick<Storage, 'publicUrl'>, file: { bytes: Uint8Array; filename: string | null; format: string | null }) {
  if (file.format !== null && !formats.has(file.format as ImportFormat)) throw new AppError('validation_failed', 'format must be "m3u" or "csv" (or left out).');
  let parsed;
  try {
    parsed = parsePlaylistFile(decodeImportFile(file.bytes), { filename: file.filename, format: file.format as ImportFormat | null });
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    throw new AppError(error.reason === 'too_many_tracks' ? 'payload_too_large' : 'bad_request', error.message);
  }
  const matched = await matchImportEntries(db, parsed.entries);
  const scored = (s: Scored<CatalogTrack>) => ({ track: catalogTrackDto(s.track, storage), confidence: s.confidence });
  return {
    name: parsed.name ?? 'Imported playlist',
    format: parsed.format,
    lines: matched.map((m) => ({
      line: m.line,
      text: m.text,
      parsed: { title: m.parsed.title, artist: m.parsed.artist, album: m.parsed.album },
      match: m.match && scored(m.match),
      alternatives: m.alternatives.map(scored),
    })),
  };
}
