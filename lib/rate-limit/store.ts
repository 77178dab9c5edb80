import 'server-only';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';

declare global {
  var __mistRedis: Redis | undefined;
}

/** One Redis connection per process, shared by rate limits (and later the cache). */
export function getRedis(url: string): Redis {
  if (!globalThis.__mistRedis) {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    let lastLog = 0;
    client.on('error', (error: Error) => {
      // ioredis retries on its own; say so once a minute, not on every attempt.
      if (Date.now() - lastLog < 60_000) return;
      lastLog = Date.now();
      console.warn(`[mist] Redis unreachable (${error.message}); rate limits fall back to memory meanwhile.`);
    });
    globalThis.__mistRedis = client;
  }
  return globalThis.__mistRedis;
}

export type LimiterOptions = { keyPrefix: string; points: number; durationSeconds: number };

/** A limiter in memory, or in Redis when REDIS_URL is set (shared by every instance). */
export function createLimiter(options: LimiterOptions, redisUrl = getEnv().REDIS_URL): RateLimiterAbstract {
  const common = { keyPrefix: `mist:${options.keyPrefix}`, points: options.points, duration: options.durationSeconds };
  if (!redisUrl) return new RateLimiterMemory(common);
  return new RateLimiterRedis({
    ...common,
    storeClient: getRedis(redisUrl),
    // If Redis is briefly unreachable, keep limiting in memory rather than failing open.
    insuranceLimiter: new RateLimiterMemory(common),
  });
}
