import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, testPostgresUrl, type FreshPostgres } from '../helpers/postgres';
import { startRedis } from '../helpers/redis';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

// DATABASE_URL and REDIS_URL switch MIST to its scaled-out counterparts.
let pg: FreshPostgres;
let redis: Awaited<ReturnType<typeof startRedis>>;
let server: RunningServer;
// A fresh account per run: a shared Redis (TEST_REDIS_URL) keeps the limiter's counts between runs.
const OPS = `ops-${Date.now().toString(36)}@example.org`;

beforeAll(async () => {
  if (!testPostgresUrl()) return;
  pg = await freshPostgres();
  redis = await startRedis();
  // Counts left by an earlier run on a shared Redis would spend this run's allowance.
  const r = new Redis(redis.url);
  const stale = await r.keys('mist:sign*');
  if (stale.length) await r.del(...stale);
  r.disconnect();
  server = await startServer({
    env: {
      DATABASE_URL: pg.url,
      DATABASE_POOL_MAX: '2',
      REDIS_URL: redis.url,
      MIST_ADMIN_EMAIL: OPS,
      MIST_ADMIN_PASSWORD: 'ops password',
      MIST_SIGNIN_MAX_PER_ACCOUNT: '2',
      MIST_SIGNUP_MAX_PER_IP_HOUR: '2',
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await pg?.stop();
  await redis?.stop();
});

describe.runIf(testPostgresUrl())('MIST on PostgreSQL and Redis', () => {
  it('says so on /api/health and signs in against Postgres', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'postgres', cache: { kind: 'redis', hits: expect.any(Number), misses: expect.any(Number) } });
    expect(JSON.stringify(health)).not.toContain(redis.url.replace('redis://', ''));
    expect((await new Client(server.url).signIn(OPS, 'ops password')).status).toBe(200);
  });

  it('keeps sign-in limits in Redis', async () => {
    const guesser = new Client(server.url);
    await guesser.signIn(OPS, 'wrong 1');
    await guesser.signIn(OPS, 'wrong 2');
    expect((await guesser.signIn(OPS, 'ops password')).status).toBe(429);
    const inspector = new Redis(redis.url);
    try {
      // Per account at the guesser's address, and per account from everywhere (the sign-in above gave its point back).
      expect(await inspector.get(`mist:signin-account-ip:${guesser.ip} ${OPS}`)).toBe('2');
      expect(await inspector.get(`mist:signin-account:${OPS}`)).toBe('2');
    } finally {
      inspector.disconnect();
    }
  });

  it('limits account creation per address, in Redis', async () => {
    const client = new Client(server.url);
    const signUp = (n: number) => client.request('/api/signup', { method: 'POST', json: { email: `new${n}@example.org`, displayName: `New ${n}`, password: 'new password' } });
    expect((await signUp(1)).status).toBe(201);
    expect((await signUp(2)).status).toBe(201);
    const third = await signUp(3);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect((await third.json()).error.message).toMatch(/Too many sign-ups from your address/);
    expect((await new Client(server.url).signIn('new3@example.org', 'new password')).status).toBe(401);
  });

  it('answers 503 on /api/health while the database is down', async () => {
    await pg.stop(); // the database is dropped, its connections ended
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'postgres' });
  });
});
