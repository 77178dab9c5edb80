'use client';

import { toast } from './toast';

export type PlaylistName = { id: string; name: string };

/** The message of an API error body, or a fallback. */
export async function errorMessage(res: Response | null, fallback: string): Promise<string> {
  if (!res) return `${fallback} The server did not answer.`;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? fallback;
}

// The listener's own playlists, for "Add to playlist" menus (smart ones fill themselves, so
// they are left out): fetched once per page, refreshed after changes.
let cache: Promise<PlaylistName[]> | null = null;
export function ownPlaylists(refresh = false): Promise<PlaylistName[]> {
  if (!cache || refresh) {
    cache = fetch('/api/playlists')
      .then((r) => (r.ok ? r.json() : { playlists: [] }))
      .then((b: { playlists: (PlaylistName & { smart: boolean })[] }) => b.playlists.filter((p) => !p.smart).map(({ id, name }) => ({ id, name })))
      .catch(() => []);
  }
  return cache;
}

export async function createPlaylist(name: string): Promise<PlaylistName | null> {
  const res = await fetch('/api/playlists', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }).catch(() => null);
  if (!res?.ok) {
    toast(await errorMessage(res, 'Could not create the playlist.'), 'error');
    return null;
  }
  const { playlist } = (await res.json()) as { playlist: PlaylistName };
  void ownPlaylists(true);
  return playlist;
}

export type AddResult = { ok: true; added: number } | { ok: false; already: string[] } | { ok: false; failed: true };

/** Adds tracks; `already` when some are in the playlist and `ifAlreadyThere` was not said. */
export async function addToPlaylist(playlist: PlaylistName, trackIds: string[], ifAlreadyThere?: 'skip' | 'add'): Promise<AddResult> {
  const res = await fetch(`/api/playlists/${playlist.id}/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ trackIds, ...(ifAlreadyThere ? { ifAlreadyThere } : {}) }),
  }).catch(() => null);
  if (res?.status === 409) {
    const body = (await res.json()) as { error: { trackIds?: string[] } };
    return { ok: false, already: body.error.trackIds ?? [] };
  }
  if (!res?.ok) {
    toast(await errorMessage(res, `Could not add to ${playlist.name}.`), 'error');
    return { ok: false, failed: true };
  }
  const { items } = (await res.json()) as { items: unknown[] };
  toast(items.length === 0 ? `Nothing added: already in ${playlist.name}` : `Added ${items.length === 1 ? '1 track' : `${items.length} tracks`} to ${playlist.name}`);
  return { ok: true, added: items.length };
}
