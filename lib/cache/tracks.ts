import 'server-only';
import { getDb } from '@/db';
import type { Db } from '@/db/client';
import { type CatalogTrack, listCatalogTracksByIds } from '@/db/queries/catalog';
import { listPopularTracks } from '@/db/queries/plays';
import { getCache } from './index';
import { cachedMany, cachedOne, invalidate } from './load';
import type { Cache } from './types';

/** Track metadata is invalidated on every change; the TTL only bounds a missed invalidation. */
export const TRACK_TTL_MS = 10 * 60_000;
/** The popular list is recomputed at least this often: it is never staler than this. */
export const POPULAR_MAX_STALE_MS = 60_000;
export const POPULAR_WINDOW_MS = 7 * 24 * 3_600_000;
/** How many popular tracks are kept; callers take a slice. */
export const POPULAR_MAX = 100;

// Ids are UUIDs; Postgres takes either case, so one spelling keeps one entry per track.
const trackKey = (id: string) => `track:${id.toLowerCase()}`;
// Named for what it ranks by: a ranking cached in the earlier shape (by plays) is never read.
const POPULAR_KEY = 'popular:7d:listeners';

/** What catalog pages and the player show of ready tracks, by id, in order; undefined for unknown or unready ids. */
export async function getTrackMetas(db: Db, ids: string[], cache: Cache = getCache()): Promise<(CatalogTrack | undefined)[]> {
  return cachedMany<CatalogTrack>(cache, ids.map(trackKey), TRACK_TTL_MS, async (keys) => {
    const rows = await listCatalogTracksByIds(db, keys.map((k) => k.slice('track:'.length)));
    return new Map(rows.map((t) => [trackKey(t.id), t]));
  });
}

export async function getTrackMeta(db: Db, id: string, cache: Cache = getCache()): Promise<CatalogTrack | undefined> {
  return (await getTrackMetas(db, [id], cache))[0];
}

/** After a track is edited, reprocessed, failed or deleted: every instance loads it afresh. */
export async function invalidateTrack(id: string, cache: Cache = getCache()): Promise<void> {
  await invalidate(cache, [trackKey(id)]);
}

export type PopularTrack = CatalogTrack & { listeners: number; plays: number };

type PopularEntry = { trackId: string; listeners: number; plays: number };

/**
 * The ready tracks most listeners played in the last 7 days (at most `limit`, up to 100),
 * most first; one listener counts once however often they played (listPopularTracks). The ranking is at most 60 s old; the tracks' metadata is current, and a track
 * deleted since the ranking was made is left out.
 */
export async function getPopularTracks(
  limit: number,
  deps: { db?: Db; cache?: Cache; maxStaleMs?: number } = {},
): Promise<PopularTrack[]> {
  const cache = deps.cache ?? getCache();
  const take = Math.max(0, Math.min(POPULAR_MAX, Math.floor(limit)));
  if (take === 0) return [];
  const db = deps.db ?? (await getDb());
  const ranking =
    (await cachedOne<PopularEntry[]>(cache, POPULAR_KEY, deps.maxStaleMs ?? POPULAR_MAX_STALE_MS, async () => {
      const rows = await listPopularTracks(db, { since: new Date(Date.now() - POPULAR_WINDOW_MS), limit: POPULAR_MAX });
      return rows.map((r) => ({ trackId: r.trackId, listeners: r.listeners, plays: r.plays }));
    })) ?? [];
  const result: PopularTrack[] = [];
  // Tracks deleted since the ranking was made are skipped; the next ones fill their places.
  for (let from = 0; result.length < take && from < ranking.length; ) {
    const batch = ranking.slice(from, from + take - result.length);
    from += batch.length;
    const metas = await getTrackMetas(db, batch.map((r) => r.trackId), cache);
    batch.forEach((r, i) => metas[i] && result.push({ ...metas[i], listeners: r.listeners, plays: r.plays }));
  }
  return result;
}
