import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@/lib/errors';

/**
 * Failed sign-ins are counted per IP and per account; while either is over its limit, no
 * password is checked at all, so a correct guess during the block reveals nothing.
 */
export class SignInLimiter {
  constructor(
    private readonly byIp: RateLimiterAbstract,
    private readonly byAccount: RateLimiterAbstract,
  ) {}

  async check(ip: string, email: string): Promise<void> {
    const [ipState, accountState] = await Promise.all([this.byIp.get(ip), this.byAccount.get(email)]);
    const blocked = [
      [ipState, this.byIp.points],
      [accountState, this.byAccount.points],
    ] as const;
    for (const [state, points] of blocked) {
      if (state && state.consumedPoints >= points) {
        const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
        throw new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${describeWait(seconds)}.`, {
          retryAfterSeconds: seconds,
        });
      }
    }
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    // consume() rejects once over the limit; the count is what matters here.
    await Promise.allSettled([this.byIp.consume(ip), this.byAccount.consume(email)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
