import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getRedis } from '@/lib/redis';

export type LimiterOptions = { keyPrefix: string; points: number; durationSeconds: number };

/** A limiter in memory, or in Redis when REDIS_URL is set (shared by every instance). */
export function createLimiter(options: LimiterOptions, redisUrl = getEnv().REDIS_URL): RateLimiterAbstract {
  const common = { keyPrefix: `mist:${options.keyPrefix}`, points: options.points, duration: options.durationSeconds };
  if (!redisUrl) return outsideRequests(new RateLimiterMemory(common));
  return outsideRequests(
    new RateLimiterRedis({
      ...common,
      storeClient: getRedis(redisUrl),
      // If Redis is briefly unreachable, keep limiting in memory rather than failing open.
      insuranceLimiter: new RateLimiterMemory(common),
    }),
  );
}

// In memory a limiter ends each key's window with a timer, and on Node 24 a timer keeps the
// async context it was made in: made inside a Next request, that is the request's whole
// store (request, response, URL, caches: ~25 KB) for the window, a minute for session starts,
// an hour for sign-ups. 6,000 listeners starting ~1,700 tracks a minute held ~45 MB so.
// Limiters run in the context this module was loaded in instead (at boot for most bundles;
// a route bundle loaded by its first request keeps that one request).
const loadContext = AsyncLocalStorage.snapshot();
const METHODS = ['consume', 'penalty', 'reward', 'block', 'set', 'get', 'delete'] as const;

function outsideRequests<T extends RateLimiterAbstract>(limiter: T): T {
  for (const name of METHODS) {
    const method = limiter[name].bind(limiter) as (...args: unknown[]) => unknown;
    Object.assign(limiter, { [name]: (...args: unknown[]) => loadContext(() => method(...args)) });
  }
  return limiter;
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
