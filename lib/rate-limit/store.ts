import 'server-only';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';
import { getRedis } from '@/lib/redis';

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
