import 'server-only';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createLimiter } from '@/lib/rate-limit/store';

declare global {
  var __mistKeyLimits: { byUser: RateLimiterAbstract; byIp: RateLimiterAbstract } | undefined;
}

/** Key requests per listener and per address, per minute; over either: 429 with Retry-After. */
export async function limitKeyRequest(userId: string, ip: string): Promise<void> {
  const env = getEnv();
  globalThis.__mistKeyLimits ??= {
    byUser: createLimiter({ keyPrefix: 'key-user', points: env.MIST_KEY_MAX_PER_MINUTE_USER, durationSeconds: 60 }),
    byIp: createLimiter({ keyPrefix: 'key-ip', points: env.MIST_KEY_MAX_PER_MINUTE_IP, durationSeconds: 60 }),
  };
  const { byUser, byIp } = globalThis.__mistKeyLimits;
  try {
    await Promise.all([byUser.consume(userId), byIp.consume(ip)]);
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    const seconds = Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000));
    throw new AppError('rate_limited', `Too many key requests. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
