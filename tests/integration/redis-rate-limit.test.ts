import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInLimiter } from '@/lib/rate-limit/sign-in';
import { createLimiter } from '@/lib/rate-limit/store';
import { startRedis } from '../helpers/redis';

let redis: Awaited<ReturnType<typeof startRedis>>;
let inspector: Redis;
const clients: Redis[] = [];
const client = () => {
  const c = new Redis(redis.url);
  clients.push(c);
  return c;
};
beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url);
});
afterAll(async () => {
  inspector?.disconnect();
  clients.forEach((c) => c.disconnect());
  globalThis.__mistRedis?.disconnect();
  await redis?.stop();
});

const run = Date.now().toString(36);

/** Two app instances, each with its own limiter objects, sharing one Redis. */
function instance() {
  return new SignInLimiter(
    new RateLimiterRedis({ storeClient: client(), keyPrefix: `t${run}:ip`, points: 10, duration: 900 }),
    new RateLimiterRedis({ storeClient: client(), keyPrefix: `t${run}:acct`, points: 3, duration: 900 }),
  );
}

describe('sign-in limits in Redis', () => {
  it('counts failures across instances and blocks on every instance', async () => {
    const a = instance();
    const b = instance();
    await a.recordFailure('9.9.9.9', 'shared@example.org');
    await b.recordFailure('9.9.9.9', 'shared@example.org');
    await a.recordFailure('9.9.9.9', 'shared@example.org');
    await expect(b.check('8.8.8.8', 'shared@example.org')).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(a.check('8.8.8.8', 'other@example.org')).resolves.toBeUndefined();
    const ttl = await inspector.pttl(`t${run}:acct:shared@example.org`);
    expect(ttl).toBeGreaterThan(890_000);
  });

  it('is what createLimiter builds when REDIS_URL is set', async () => {
    const limiter = createLimiter({ keyPrefix: `t${run}-made`, points: 2, durationSeconds: 60 }, redis.url);
    expect(limiter).toBeInstanceOf(RateLimiterRedis);
    await limiter.consume('k');
    expect(await inspector.get(`mist:t${run}-made:k`)).toBe('1');
  });
});
