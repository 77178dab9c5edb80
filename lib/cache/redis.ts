import type { Redis } from 'ioredis';
import { type Cache, CacheCounters } from './types';

/**
 * The shared cache when REDIS_URL is set: every instance reads and invalidates the same
 * keys, so a delete on one is seen by all. Redis being unreachable is a miss (the caller
 * loads from the database), never an error for the listener.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis';
  private readonly counters = new CacheCounters();
  private lastWarning = 0;

  constructor(
    private readonly client: Redis,
    private readonly prefix = 'mist:cache:',
  ) {}

  async getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    let raw: (string | null)[];
    try {
      raw = await this.client.mget(keys.map((k) => this.prefix + k));
    } catch (error) {
      this.warn('read', error, 'reading from the database instead');
      raw = keys.map(() => null);
    }
    const found = raw.map((json) => (json === null ? undefined : (JSON.parse(json) as T)));
    this.counters.count(found);
    return found;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    if (value === undefined) return;
    try {
      await this.client.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs)));
    } catch (error) {
      this.warn('write', error, 'the next read loads from the database again');
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.client.del(...keys.map((k) => this.prefix + k));
    } catch (error) {
      // The change itself is saved; other instances may serve the old entry until it expires.
      this.warn('invalidate', error, 'other instances may show the old entry until it expires');
    }
  }

  stats() {
    return this.counters.stats(this.kind);
  }

  private warn(what: string, error: unknown, consequence: string) {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    console.warn(`[mist] cache: could not ${what} in Redis (${error instanceof Error ? error.message : String(error)}); ${consequence}.`);
  }
}
