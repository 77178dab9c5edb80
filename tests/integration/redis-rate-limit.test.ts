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
  return new SignInLimiter({
    byIp: new RateLimiterRedis({ storeClient: client(), keyPrefix: `t${run}:ip`, points: 30, duration: 900 }),
    byAccountAtIp: new RateLimiterRedis({ storeClient: client(), keyPrefix: `t${run}:acct-ip`, points: 3, duration: 900 }),
    byAccount: new RateLimiterRedis({ storeClient: client(), keyPrefix: `t${run}:acct`, points: 5, duration: 900 }),
  });
}

const wrong = async () => false;
const right = async () => true;

describe('sign-in limits in Redis', () => {
  it('counts failures across instances and blocks on every instance', async () => {
    const a = instance();
    const b = instance();
    await a.attempt('9.9.9.9', 'shared@example.org', wrong);
    await b.attempt('9.9.9.9', 'shared@example.org', wrong);
    await a.attempt('9.9.9.9', 'shared@example.org', wrong);
    await expect(b.attempt('9.9.9.9', 'shared@example.org', right)).rejects.toMatchObject({ code: 'rate_limited' });
    // The account from elsewhere is not locked out, until failures from everywhere reach its ceiling.
    expect(await a.attempt('8.8.8.8', 'shared@example.org', right)).toBe(true);
    await b.attempt('7.7.7.7', 'shared@example.org', wrong);
    await a.attempt('7.7.7.7', 'shared@example.org', wrong);
    await expect(b.attempt('8.8.8.8', 'shared@example.org', right)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await a.attempt('8.8.8.8', 'other@example.org', right)).toBe(true);
    expect(await inspector.pttl(`t${run}:acct:shared@example.org`)).toBeGreaterThan(890_000);
    expect(await inspector.get(`t${run}:acct-ip:9.9.9.9 shared@example.org`)).toBe('3');
  });

  it('checks at most the limit’s worth of a simultaneous burst spread over two instances', async () => {
    const [a, b] = [instance(), instance()];
    let checks = 0;
    const verify = async () => {
      checks++;
      await new Promise((r) => setTimeout(r, 20));
      return false;
    };
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => (i % 2 ? a : b).attempt('6.6.6.6', 'burst@example.org', verify)));
    expect(checks).toBe(3);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });

  it('is what createLimiter builds when REDIS_URL is set', async () => {
    const limiter = createLimiter({ keyPrefix: `t${run}-made`, points: 2, durationSeconds: 60 }, redis.url);
    expect(limiter).toBeInstanceOf(RateLimiterRedis);
    await limiter.consume('k');
    expect(await inspector.get(`mist:t${run}-made:k`)).toBe('1');
  });
});
