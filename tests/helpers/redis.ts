import { startRedisServer } from '../../scripts/lib/redis-server';

/**
 * A real Redis: the one CI started (TEST_REDIS_URL), or a redis-server started on a free
 * loopback port (scripts/lib/redis-server.ts, shared with the benchmarks).
 */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, stop: async () => {} };
  return startRedisServer();
}
