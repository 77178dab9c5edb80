import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';

// Who the client is (issue 12, item 3): per-address limits must count the address the
// server saw, not one the client wrote. Every Client connects from its own loopback address;
// with MIST_TRUST_PROXY, a Client plays the proxy and says who it forwards for.

const limits = { MIST_SIGNUP_MAX_PER_IP_HOUR: '2', MIST_SIGNIN_MAX_PER_IP: '3', MIST_KEY_MAX_PER_MINUTE_IP: '3' };
let direct: RunningServer; // MIST_TRUST_PROXY unset: the default
let oneHop: RunningServer; // MIST_TRUST_PROXY=1
let ranges: RunningServer; // MIST_TRUST_PROXY=<list>: 127.0.0.2 is the proxy, other loopback addresses are not

beforeAll(async () => {
  [direct, oneHop, ranges] = await Promise.all([
    startServer({ env: limits }),
    startServer({ env: { ...limits, MIST_TRUST_PROXY: '1' } }),
    startServer({ env: { ...limits, MIST_TRUST_PROXY: '10.0.0.0/8, 172.16.0.0/12, 127.0.0.2, ::1' } }),
  ]);
});
afterAll(() => Promise.all([direct, oneHop, ranges].map((s) => s?.stop())));

let n = 0;
const signUp = (client: Client, headers: Record<string, string> = {}) =>
  client.request('/api/signup', { method: 'POST', headers, json: { email: `new${++n}@example.org`, displayName: 'New', password: 'new password' } });
const spoof = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}`, 'x-mist-client-address': `198.51.100.${i}` });
/** Where next-auth would send a browser to sign in: built from the origin it believes in. */
const signInUrl = async (client: Client, headers: Record<string, string>) =>
  ((await (await client.request('/api/auth/providers', { headers })).json()) as { credentials: { signinUrl: string } }).credentials.signinUrl;

describe('no proxy trusted (the default): the socket address is the client', () => {
  it('does not reset the sign-up limit for a client rotating X-Forwarded-For (or any header)', async () => {
    const client = new Client(direct.url);
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await signUp(client, spoof(i))).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
    // Another address has its own allowance.
    expect((await signUp(new Client(direct.url))).status).toBe(201);
  });

  it('does not reset the sign-in limit per address', async () => {
    const client = new Client(direct.url);
    const statuses = [];
    for (let i = 1; i <= 4; i++) {
      const { csrfToken } = (await (await client.request('/api/auth/csrf')).json()) as { csrfToken: string };
      const res = await client.request('/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...spoof(i) },
        body: new URLSearchParams({ csrfToken, email: `nobody${i}@example.org`, password: 'guess', json: 'true' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('does not reset the key route’s limit per address (answered before Next)', async () => {
    const listener = await signedUpListener(direct.url, 'keys@example.org');
    const track = randomUUID(); // the limit is charged before the track is looked at
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await listener.request(`/api/tracks/${track}/key`, { headers: spoof(i) })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it('ignores X-Forwarded-Host and -Proto sent by a client', async () => {
    const client = new Client(direct.url);
    expect(await signInUrl(client, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' })).toBe(`${direct.url}/api/auth/signin/credentials`);
    const csrf = await client.request('/api/auth/csrf', { headers: { 'x-forwarded-proto': 'https' } });
    expect(csrf.headers.getSetCookie().join('\n')).toMatch(/^next-auth\.csrf-token=/m);
  });
});

describe('MIST_TRUST_PROXY=1: the right-most X-Forwarded-For entry, which the proxy appended', () => {
  it('counts the client the proxy saw, whatever the client put before it', async () => {
    const proxy = new Client(oneHop.url);
    const via = (claimed: string, real: string) => ({ 'x-forwarded-for': `${claimed}, ${real}` });
    const statuses = [];
    for (let i = 1; i <= 3; i++) statuses.push((await signUp(proxy, via(`198.51.100.${i}`, '203.0.113.7'))).status);
    expect(statuses).toEqual([201, 201, 429]);
    // Another client behind the same proxy, and the proxy's own address, are others.
    expect((await signUp(proxy, via('203.0.113.7', '203.0.113.8'))).status).toBe(201);
    expect((await signUp(proxy)).status).toBe(201);
  });

  it('lets the proxy say which host and scheme the browser used', async () => {
    expect(await signInUrl(new Client(oneHop.url), { 'x-forwarded-host': 'music.example', 'x-forwarded-proto': 'https' })).toBe(
      'https://music.example/api/auth/signin/credentials',
    );
  });
});

describe('MIST_TRUST_PROXY=<addresses and CIDR ranges>', () => {
  it('walks back past trusted proxies to the first address that is not one', async () => {
    const proxy = new Client(ranges.url, '127.0.0.2');
    const chain = (i: number, client: string) => ({ 'x-forwarded-for': `198.51.100.${i}, ${client}, 10.1.2.3, 172.16.0.9` });
    const statuses = [];
    for (let i = 1; i <= 3; i++) statuses.push((await signUp(proxy, chain(i, '203.0.113.20'))).status);
    expect(statuses).toEqual([201, 201, 429]);
    expect((await signUp(proxy, chain(9, '203.0.113.21'))).status).toBe(201);
    expect(await signInUrl(proxy, { 'x-forwarded-host': 'music.example', 'x-forwarded-proto': 'https' })).toBe('https://music.example/api/auth/signin/credentials');
  });

  it('trusts nothing a peer outside the list forwards', async () => {
    const client = new Client(ranges.url); // 127.x.y.z, not 127.0.0.2
    const statuses = [];
    for (let i = 1; i <= 3; i++) statuses.push((await signUp(client, { 'x-forwarded-for': `203.0.113.${30 + i}` })).status);
    expect(statuses).toEqual([201, 201, 429]);
    expect(await signInUrl(client, { 'x-forwarded-host': 'evil.example' })).toBe(`${ranges.url}/api/auth/signin/credentials`);
  });
});
