import { type Cache, CacheCounters } from './types';

type Entry = { json: string; expiresAt: number };

/**
 * The embedded cache: one process, bounded. A Map keeps insertion order, so moving an entry
 * to the end on every read makes the first entry the least recently used one to evict.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly counters = new CacheCounters();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
    const found = keys.map((key) => this.read<T>(key));
    this.counters.count(found);
    return found;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    if (value === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.now() + Math.max(1, ttlMs) });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  stats() {
    return this.counters.stats(this.kind);
  }

  private read<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return JSON.parse(entry.json) as T;
  }
}
