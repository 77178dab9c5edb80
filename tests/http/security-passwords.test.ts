import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../helpers/redis';
import { actionId, callFormAction } from './actions';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';

// Password guessing, as an attacker tried it (issue 12): a simultaneous burst at sign-in
// (item 2), locking the owner out from elsewhere (item 11) and guessing the current password
// on the account page (item 8). Each limit is checked in memory and in Redis.

const PER_ACCOUNT = 3; // failures per account from one address (the short lockout)
const CEILING = 8; // failures per account from all addresses together
const limits = { MIST_SIGNIN_MAX_PER_ACCOUNT: String(PER_ACCOUNT), MIST_SIGNIN_MAX_PER_ACCOUNT_TOTAL: String(CEILING) };
// Accounts of their own per run: a shared Redis (TEST_REDIS_URL) keeps counts between runs.
const run = Date.now().toString(36);

let redis: Awaited<ReturnType<typeof startRedis>>;
const servers: Record<'memory' | 'redis', RunningServer> = {} as never;

beforeAll(async () => {
  redis = await startRedis();
  [servers.memory, servers.redis] = await Promise.all([startServer({ env: limits }), startServer({ env: { ...limits, REDIS_URL: redis.url } })]);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
  await redis?.stop();
});

/** Sign-in attempts sent all at once (one CSRF token, as a script would), in order; their statuses. */
async function burst(client: Client, email: string, passwords: string[]): Promise<number[]> {
  const { csrfToken } = (await (await client.request('/api/auth/csrf')).json()) as { csrfToken: string };
  const responses = await Promise.all(
    passwords.map((password) =>
      client.request('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
      }),
    ),
  );
  return responses.map((r) => r.status);
}

describe.each(['memory', 'redis'] as const)('password guessing, limits in %s', (mode) => {
  const server = () => servers[mode];

  it('checks at most the limit’s worth of 25 simultaneous sign-ins on one account', async () => {
    const email = `burst-${mode}-${run}@example.org`;
    await signedUpListener(server().url, email);
    // 24 wrong guesses and the right password, last, all in flight together.
    const statuses = await burst(new Client(server().url), email, [...Array.from({ length: 24 }, (_, i) => `guess ${i}`), 'listen password']);
    // 401 and 200 mean the password was checked; 429 that it was refused unchecked.
    const checked = statuses.filter((s) => s !== 429);
    expect(checked.length, `statuses: ${statuses.join(' ')}`).toBeLessThanOrEqual(PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25 - checked.length);
    // The right password got in only if it was among the few checked.
    if (statuses.at(-1) === 200) expect(statuses.slice(0, -1).filter((s) => s === 401).length).toBeLessThan(PER_ACCOUNT);
  });

  it('locks out the guessing address, not the owner elsewhere, until failures from everywhere reach the ceiling', async () => {
    const email = `owner-${mode}-${run}@example.org`;
    await signedUpListener(server().url, email);
    const attacker = new Client(server().url);
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await attacker.signIn(email, `guess ${i}`)).status).toBe(401);
    // Past its own limit the attacker is refused, even with the right password, and its
    // refused attempts do not count toward the ceiling.
    for (let i = 0; i < 10; i++) expect((await attacker.signIn(email, `more ${i}`)).status).toBe(429);
    expect(await attacker.signIn(email, 'listen password')).toMatchObject({ status: 429, error: 'RateLimited' });
    expect((await new Client(server().url).signIn(email, 'listen password')).status).toBe(200);

    // More addresses, up to the ceiling: then every address is refused, the owner's too.
    let failed = PER_ACCOUNT;
    while (failed < CEILING) {
      const another = new Client(server().url);
      for (let i = 0; i < PER_ACCOUNT && failed < CEILING; i++, failed++) expect((await another.signIn(email, `guess ${i}`)).status).toBe(401);
    }
    expect(await new Client(server().url).signIn(email, 'listen password')).toMatchObject({ status: 429, error: 'RateLimited' });
  });

  it('limits guesses of the current password on the account page as at sign-in, with a clear message', async () => {
    const email = `changer-${mode}-${run}@example.org`;
    const owner = await signedUpListener(server().url, email);
    const change = (currentPassword: string) =>
      callFormAction(owner, '/account', actionId('app/account/actions.ts', 'changePasswordAction'), { currentPassword, newPassword: 'a brand new password' });
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expect((await change(`guess ${i}`)).result).toMatchObject({ ok: false, message: 'The current password is wrong.' });
    }
    const refused = await change('listen password');
    expect(refused.result).toMatchObject({ ok: false, message: expect.stringMatching(/^Too many wrong passwords\. Try again in 15 minutes\.$/) });
    // Nothing changed, and the sign-in form at that address counts the same failures.
    expect((await owner.signIn(email, 'listen password')).status).toBe(429);
    expect((await new Client(server().url).signIn(email, 'listen password')).status).toBe(200);
    expect((await new Client(server().url).signIn(email, 'a brand new password')).status).toBe(401);
  });
});
