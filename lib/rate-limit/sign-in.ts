import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@/lib/errors';

/** The counters behind sign-in limits, each counting failed password checks per window. */
export type SignInLimits = {
  /** Per client address, any accounts: one address guessing across many accounts. */
  byIp: RateLimiterAbstract;
  /** Per account and client address: the short lockout, which only that address suffers. */
  byAccountAtIp: RateLimiterAbstract;
  /** Per account, all addresses together: a much higher ceiling against guessing from many. */
  byAccount: RateLimiterAbstract;
};

/**
 * Limits password checks (sign-in, and the current password on the account page) per
 * address, per account at an address, and per account overall. Each check takes its points
 * first, with the store's atomic consume (in memory and in Redis alike): a burst of
 * simultaneous attempts cannot all read "under the limit" and all be checked. A correct
 * password gives the points back; a refused attempt checks nothing, so a correct guess
 * during a block reveals nothing.
 */
export class SignInLimiter {
  constructor(private readonly limits: SignInLimits) {}

  /**
   * Runs `verify` (the password check) if this attempt fits every limit; its result is
   * returned. Over a limit: AppError `rate_limited` with the wait, and `verify` never runs.
   */
  async attempt(ip: string, email: string, verify: () => Promise<boolean>): Promise<boolean> {
    const keys = this.keys(ip, email);
    const taken: [RateLimiterAbstract, string][] = [];
    // The per-address counters first: attempts refused at their own address never reach
    // the account's ceiling, so one address cannot spend the allowance of every other.
    for (const [limiter, key] of keys) {
      try {
        await limiter.consume(key);
        taken.push([limiter, key]);
      } catch (rejection) {
        // consume() counted this attempt even while refusing it: give back everything taken.
        await giveBack([...taken, [limiter, key]]);
        if (rejection instanceof Error) throw rejection;
        throw tooMany((rejection as { msBeforeNext: number }).msBeforeNext);
      }
    }
    const ok = await verify().catch(async (error: unknown) => {
      await giveBack(taken); // nothing was checked
      throw error;
    });
    if (ok) {
      // Not a failure. This address's typos on this account are forgiven; the other
      // counters only lose this attempt's point (deleting them could erase a burst in flight).
      await Promise.allSettled([this.limits.byIp.reward(ip), this.limits.byAccount.reward(email), this.limits.byAccountAtIp.delete(accountAtIp(ip, email))]);
    }
    return ok;
  }

  private keys(ip: string, email: string): [RateLimiterAbstract, string][] {
    return [
      [this.limits.byAccountAtIp, accountAtIp(ip, email)],
      [this.limits.byIp, ip],
      [this.limits.byAccount, email],
    ];
  }
}

// An address never holds a space, so "<address> <email>" names one pair only.
const accountAtIp = (ip: string, email: string) => `${ip} ${email}`;

async function giveBack(taken: [RateLimiterAbstract, string][]): Promise<void> {
  await Promise.allSettled(taken.map(([limiter, key]) => limiter.reward(key)));
}

function tooMany(msBeforeNext: number): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('rate_limited', `Too many wrong passwords. Try again in ${describeWait(seconds)}.`, { retryAfterSeconds: seconds });
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
