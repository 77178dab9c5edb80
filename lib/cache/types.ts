/**
 * A key-value cache for data the database can always give again. Values are stored as JSON
 * in both implementations, so what comes back is what `JSON.parse` gives (no Dates, no
 * shared references) whichever is configured.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  /** Several keys at once; each found key is a hit, each absent one a miss. */
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;
  /** Stores a value for `ttlMs` (at least 1 ms). */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Removes keys; with Redis every instance sees it at once. */
  delete(keys: string[]): Promise<void>;
  /** Counted by this instance since it started. */
  stats(): CacheStats;
}

export type CacheStats = { kind: 'memory' | 'redis'; hits: number; misses: number; hitRate: number | null };

/** Hit and miss counters one cache instance keeps. */
export class CacheCounters {
  hits = 0;
  misses = 0;

  count(found: readonly unknown[]): void {
    for (const value of found) {
      if (value === undefined) this.misses++;
      else this.hits++;
    }
  }

  stats(kind: CacheStats['kind']): CacheStats {
    const lookups = this.hits + this.misses;
    return { kind, hits: this.hits, misses: this.misses, hitRate: lookups ? Math.round((this.hits / lookups) * 1000) / 1000 : null };
  }
}
