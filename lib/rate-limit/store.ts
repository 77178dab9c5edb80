import 'server-only';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
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

/**
 * Takes a point from each limiter for its key; over any of them: 429 `rate_limited` with
 * Retry-After, the message saying what was refused ("Too many key requests").
 */
export async function consumeOrRefuse(what: string, charges: [RateLimiterAbstract, string][]): Promise<void> {
  try {
    await Promise.all(charges.map(([limiter, key]) => limiter.consume(key)));
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    const seconds = Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000));
    throw new AppError('rate_limited', `${what}. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
