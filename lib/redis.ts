import 'server-only';
import { Redis } from 'ioredis';

declare global {
  var __mistRedis: Redis | undefined;
}

/** One Redis connection per process, shared by rate limits and the cache. */
export function getRedis(url: string): Redis {
  if (!globalThis.__mistRedis) {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    let lastLog = 0;
    client.on('error', (error: Error) => {
      // ioredis retries on its own; say so once a minute, not on every attempt.
      if (Date.now() - lastLog < 60_000) return;
      lastLog = Date.now();
      console.warn(`[mist] Redis unreachable (${error.message}); meanwhile rate limits fall back to memory and the cache to the database.`);
    });
    globalThis.__mistRedis = client;
  }
  return globalThis.__mistRedis;
}
