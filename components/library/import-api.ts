'use client';

import { errorMessage } from './playlist-api';

export type ImportTrack = { id: string; title: string; artist: string | null; album: string | null; durationMs: number | null; coverUrl: string | null };
export type ImportCandidate = { track: ImportTrack; confidence: number };
export type ImportLine = {
  line: number;
  text: string;
  parsed: { title: string; artist: string | null; album: string | null };
  match: ImportCandidate | null;
  alternatives: ImportCandidate[];
};
export type ImportPreview = { name: string; format: 'm3u' | 'csv'; lines: ImportLine[] };

/** Sends the file (or pasted text) to be read and matched; nothing is created yet. */
export async function previewImport(body: Blob | string, filename: string | null): Promise<{ ok: true; preview: ImportPreview } | { ok: false; message: string }> {
  const query = filename ? `?filename=${encodeURIComponent(filename)}` : '';
  const res = await fetch(`/api/playlists/import${query}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body }).catch(() => null);
  if (!res?.ok) return { ok: false, message: await errorMessage(res, 'Could not read the playlist.') };
  return { ok: true, preview: (await res.json()) as ImportPreview };
}

/** The items route takes this many tracks per request: larger imports are sent in order, in parts. */
const PER_REQUEST = 500;

/**
 * Creates the playlist and adds the tracks in their order (repeats kept). Returns its id, and
 * a message when only part of it could be filled.
 */
export async function createImportedPlaylist(name: string, trackIds: string[]): Promise<{ id: string | null; message: string | null }> {
  const created = await fetch('/api/playlists', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }).catch(() => null);
  if (!created?.ok) return { id: null, message: await errorMessage(created, 'Could not create the playlist.') };
  const { playlist } = (await created.json()) as { playlist: { id: string } };
  for (let from = 0; from < trackIds.length; from += PER_REQUEST) {
    const res = await fetch(`/api/playlists/${playlist.id}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackIds: trackIds.slice(from, from + PER_REQUEST), ifAlreadyThere: 'add' }),
    }).catch(() => null);
    if (!res?.ok) return { id: playlist.id, message: `${await errorMessage(res, 'Could not add every track.')} The playlist has the first ${from} tracks.` };
  }
  return { id: playlist.id, message: null };
}
