import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteSocket } from '../helpers/pglite-socket';
import { startRedis } from '../helpers/redis';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

// DATABASE_URL and REDIS_URL switch MIST to its scaled-out counterparts.
let pg: Awaited<ReturnType<typeof startPgliteSocket>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let server: RunningServer;

beforeAll(async () => {
  pg = await startPgliteSocket();
  redis = await startRedis();
  server = await startServer({
    env: {
      DATABASE_URL: pg.url,
      DATABASE_POOL_MAX: '1',
      REDIS_URL: redis.url,
      MIST_ADMIN_EMAIL: 'ops@example.org',
      MIST_ADMIN_PASSWORD: 'ops password',
      MIST_SIGNIN_MAX_PER_ACCOUNT: '2',
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await pg?.stop();
  await redis?.stop();
});

describe('MIST on Postgres and Redis', () => {
  it('says so on /api/health and signs in against Postgres', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'postgres' });
    expect((await new Client(server.url).signIn('ops@example.org', 'ops password')).status).toBe(200);
  });

  it('keeps sign-in limits in Redis', async () => {
    await new Client(server.url).signIn('ops@example.org', 'wrong 1');
    await new Client(server.url).signIn('ops@example.org', 'wrong 2');
    expect((await new Client(server.url).signIn('ops@example.org', 'ops password')).status).toBe(429);
    const inspector = new Redis(redis.url);
    try {
      expect(await inspector.get('mist:signin-account:ops@example.org')).toBe('2');
    } finally {
      inspector.disconnect();
    }
  });
});
