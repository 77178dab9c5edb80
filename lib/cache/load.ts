import type { Cache } from './types';

const inFlight = new WeakMap<Cache, Map<string, Promise<unknown>>>();

/**
 * The cached value of `key`, else `load()`'s, stored for what is left of `ttlMs` counted
 * from when the load began: an entry is never older than `ttlMs`, however slow the load.
 * Concurrent misses of one key in this process share one load. Undefined is not stored.
 */
export async function cachedOne<T>(cache: Cache, key: string, ttlMs: number, load: () => Promise<T | undefined>): Promise<T | undefined> {
  const [hit] = await cache.getMany<T>([key]);
  if (hit !== undefined) return hit;
  let loads = inFlight.get(cache);
  if (!loads) inFlight.set(cache, (loads = new Map()));
  const pending = loads.get(key) as Promise<T | undefined> | undefined;
  if (pending) return pending;
  const started = Date.now();
  const promise = load()
    .then(async (value) => {
      const left = ttlMs - (Date.now() - started);
      if (value !== undefined && left > 0) await cache.set(key, value, left);
      return value;
    })
    .finally(() => loads.delete(key));
  loads.set(key, promise);
  return promise;
}

/**
 * Values for many keys: cached ones as they are, the missing ones from one call of
 * `loadMissing` (which returns what it found, by key), stored as `cachedOne` stores.
 */
export async function cachedMany<T>(cache: Cache, keys: string[], ttlMs: number, loadMissing: (missing: string[]) => Promise<Map<string, T>>): Promise<(T | undefined)[]> {
  const found = await cache.getMany<T>(keys);
  const missing = keys.filter((_, i) => found[i] === undefined);
  if (missing.length === 0) return found;
  const started = Date.now();
  const loaded = await loadMissing([...new Set(missing)]);
  const left = ttlMs - (Date.now() - started);
  if (left > 0) await Promise.all([...loaded].map(([key, value]) => cache.set(key, value, left)));
  return keys.map((key, i) => found[i] ?? loaded.get(key));
}

/** How long after an invalidation it is repeated; see `invalidate`. */
export const REPEAT_DELETE_MS = 2_000;

/**
 * Deletes keys after a change has been saved. A reader that loaded the old row just before
 * the change may store it just after this delete, so the delete is repeated shortly after.
 */
export async function invalidate(cache: Cache, keys: string[]): Promise<void> {
  await cache.delete(keys);
  setTimeout(() => void cache.delete(keys).catch(() => {}), REPEAT_DELETE_MS).unref();
}
