import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { SignInLimiter } from './sign-in';

const limiter = ({ perIp = 10, perAccountAtIp = 3, perAccount = 100 } = {}) =>
  new SignInLimiter({
    byIp: new RateLimiterMemory({ points: perIp, duration: 900 }),
    byAccountAtIp: new RateLimiterMemory({ points: perAccountAtIp, duration: 900 }),
    byAccount: new RateLimiterMemory({ points: perAccount, duration: 900 }),
  });

const wrong = async () => false;
const right = async () => true;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the attempt to be refused');
}

describe('SignInLimiter', () => {
  it('blocks an account at an address after its failures, with a wait a person can read, checking nothing', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) expect(await l.attempt('1.1.1.1', 'a@x.org', wrong)).toBe(false);
    let checked = false;
    const error = await rejection(l.attempt('1.1.1.1', 'a@x.org', async () => (checked = true)));
    expect(checked).toBe(false);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/^Too many wrong passwords\. Try again in 15 minutes\.$/);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(890);
    // Another account from that address, and that account from another address, go on.
    expect(await l.attempt('1.1.1.1', 'b@x.org', right)).toBe(true);
    expect(await l.attempt('2.2.2.2', 'a@x.org', right)).toBe(true);
  });

  it('checks at most the limit’s worth of a simultaneous burst (points taken before checking)', async () => {
    const l = limiter();
    let checks = 0;
    const verify = async () => {
      checks++;
      await new Promise((r) => setTimeout(r, 20)); // argon2 takes a while: every attempt is in flight at once
      return false;
    };
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => l.attempt('1.1.1.1', 'a@x.org', verify)));
    expect(checks).toBe(3);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(22);
  });

  it('stops every address at the account’s ceiling, and an attacker’s refused attempts do not count toward it', async () => {
    const l = limiter({ perAccountAtIp: 2, perAccount: 6 });
    // One address, far past its own limit: only its 2 checked failures reach the ceiling.
    for (let i = 0; i < 10; i++) await l.attempt('6.6.6.6', 'owner@x.org', wrong).catch(() => {});
    expect(await l.attempt('7.7.7.7', 'owner@x.org', right)).toBe(true);
    // Failures spread over addresses reach it: then the owner, elsewhere, is refused too.
    for (const ip of ['8.8.8.1', '8.8.8.2']) for (let i = 0; i < 2; i++) await l.attempt(ip, 'owner@x.org', wrong);
    expect((await rejection(l.attempt('7.7.7.7', 'owner@x.org', right))).code).toBe('rate_limited');
  });

  it('forgets an address’s failures on an account after a correct password there', async () => {
    const l = limiter();
    await l.attempt('1.1.1.1', 'a@x.org', wrong);
    await l.attempt('1.1.1.1', 'a@x.org', wrong);
    expect(await l.attempt('1.1.1.1', 'a@x.org', right)).toBe(true);
    await l.attempt('1.1.1.1', 'a@x.org', wrong);
    await l.attempt('1.1.1.1', 'a@x.org', wrong);
    expect(await l.attempt('1.1.1.1', 'a@x.org', right)).toBe(true);
  });

  it('blocks an address that tries many accounts', async () => {
    const l = limiter({ perIp: 4 });
    for (let i = 0; i < 4; i++) await l.attempt('6.6.6.6', `user${i}@x.org`, wrong);
    expect((await rejection(l.attempt('6.6.6.6', 'fresh@x.org', right))).code).toBe('rate_limited');
    expect(await l.attempt('7.7.7.7', 'fresh@x.org', right)).toBe(true);
  });

  it('gives the points back when the check itself fails', async () => {
    const l = limiter({ perAccountAtIp: 1 });
    await expect(l.attempt('1.1.1.1', 'a@x.org', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await l.attempt('1.1.1.1', 'a@x.org', right)).toBe(true);
  });
});
