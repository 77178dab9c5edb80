import 'server-only';
import { getEnv } from '@/lib/env';
import { getRedis } from '@/lib/redis';
import { MemoryCache } from './memory';
import { RedisCache } from './redis';
import type { Cache, CacheStats } from './types';

export type { Cache, CacheStats } from './types';

declare global {
  // Next bundles each route separately: one cache (and one set of counters) per process.
  var __mistCache: Cache | undefined;
}

/** The process's cache: in Redis when REDIS_URL is set (shared by every instance), else in memory. */
export function getCache(): Cache {
  if (!globalThis.__mistCache) {
    const env = getEnv();
    globalThis.__mistCache = env.REDIS_URL ? new RedisCache(getRedis(env.REDIS_URL)) : new MemoryCache(env.MIST_CACHE_MAX_ENTRIES);
  }
  return globalThis.__mistCache;
}

/** Hits and misses of this instance since it started: safe to show (no keys, no values). */
export function getCacheStats(): CacheStats {
  return getCache().stats();
}
