import type { Db } from '@/db/client';
import type { CatalogTrack } from '@/db/queries/catalog';
import { type AlbumHit, type ArtistHit, type PlaylistHit, searchAllGroups } from '@/db/queries/search';
import { AppError } from '@/lib/errors';
import { MAX_QUERY_CHARS, tooLongMessage } from './limits';

export const DEFAULT_GROUP_LIMIT = 10;
export const MAX_GROUP_LIMIT = 50;

export type SearchGroups = { query: string; artists: ArtistHit[]; albums: AlbumHit[]; tracks: CatalogTrack[]; playlists: PlaylistHit[] };

/**
 * The query and per-group limit of a search request, checked: a clear error for each mistake.
 * A query over MAX_QUERY_CHARS is refused with a message, not cut short.
 */
export function parseSearchParams(params: URLSearchParams): { query: string; limit: number } {
  const query = (params.get('q') ?? '').trim();
  if ([...query].length > MAX_QUERY_CHARS) throw new AppError('validation_failed', tooLongMessage(), { fieldErrors: { q: [tooLongMessage()] } });
  const raw = params.get('limit');
  let limit = DEFAULT_GROUP_LIMIT;
  if (raw !== null) {
    limit = Number(raw);
    if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_GROUP_LIMIT) {
      const message = `limit must be a whole number from 1 to ${MAX_GROUP_LIMIT}.`;
      throw new AppError('validation_failed', `Invalid input. ${message}`, { fieldErrors: { limit: [message] } });
    }
  }
  return { query, limit };
}

/**
 * Artists, albums, tracks and playlists matching `query`, each group best match first (see
 * db/queries/search). Playlists: the viewer's own and others' public ones.
 */
export async function searchCatalog(db: Db, query: string, limit: number, viewerId: string): Promise<SearchGroups> {
  const q = query.trim();
  if (!q) return { query: q, artists: [], albums: [], tracks: [], playlists: [] };
  return { query: q, ...(await searchAllGroups(db, viewerId, q, limit)) };
}
