import 'server-only';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/env';
import { consumeOrRefuse, createLimiter } from '@/lib/rate-limit/store';

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
  await consumeOrRefuse('Too many key requests', [
    [byUser, userId],
    [byIp, ip],
  ]);
}
