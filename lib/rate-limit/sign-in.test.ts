import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { SignInLimiter } from './sign-in';

const limiter = (ipPoints = 10, accountPoints = 3) =>
  new SignInLimiter(new RateLimiterMemory({ points: ipPoints, duration: 900 }), new RateLimiterMemory({ points: accountPoints, duration: 900 }));

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the attempt to be refused');
}

describe('SignInLimiter', () => {
  it('blocks an account after its failures, with a wait a person can read', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      await l.check('1.1.1.1', 'a@x.org');
      await l.recordFailure('1.1.1.1', 'a@x.org');
    }
    const error = await rejection(l.check('2.2.2.2', 'a@x.org'));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/Too many failed sign-in attempts\. Try again in 15 minutes\./);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(890);
    await expect(l.check('1.1.1.1', 'b@x.org')).resolves.toBeUndefined();
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    const l = limiter();
    await l.recordFailure('1.1.1.1', 'a@x.org');
    await l.recordFailure('1.1.1.1', 'a@x.org');
    await l.recordSuccess('a@x.org');
    await l.recordFailure('1.1.1.1', 'a@x.org');
    await expect(l.check('1.1.1.1', 'a@x.org')).resolves.toBeUndefined();
  });

  it('blocks an address that tries many accounts', async () => {
    const l = limiter(4, 100);
    for (let i = 0; i < 4; i++) await l.recordFailure('6.6.6.6', `user${i}@x.org`);
    expect((await rejection(l.check('6.6.6.6', 'fresh@x.org'))).code).toBe('rate_limited');
    await expect(l.check('7.7.7.7', 'fresh@x.org')).resolves.toBeUndefined();
  });
});
