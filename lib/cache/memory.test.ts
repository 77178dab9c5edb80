import { describe, expect, it } from 'vitest';
import { cachedMany, cachedOne } from './load';
import { MemoryCache } from './memory';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('MemoryCache', () => {
  it('forgets an entry when its TTL has passed', async () => {
    const c = clock();
    const cache = new MemoryCache(100, c.now);
    await cache.set('a', { title: 'Song' }, 60_000);
    c.advance(59_999);
    expect(await cache.getMany(['a'])).toEqual([{ title: 'Song' }]);
    c.advance(1);
    expect(await cache.getMany(['a'])).toEqual([undefined]);
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new MemoryCache(2);
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.getMany(['a']); // a is now more recent than b
    await cache.set('c', 3, 60_000);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('hands out copies: changing a returned value changes nothing cached', async () => {
    const cache = new MemoryCache(10);
    const value = { title: 'Song', tags: ['x'] };
    await cache.set('a', value, 60_000);
    value.title = 'Changed';
    const [got] = await cache.getMany<typeof value>(['a']);
    got!.tags.push('y');
    expect(await cache.getMany(['a'])).toEqual([{ title: 'Song', tags: ['x'] }]);
  });

  it('counts hits and misses and gives the hit rate', async () => {
    const cache = new MemoryCache(10);
    expect(cache.stats()).toEqual({ kind: 'memory', hits: 0, misses: 0, hitRate: null });
    await cache.set('a', 0, 60_000); // falsy values are values too
    await cache.getMany(['a', 'b', 'a']);
    await cache.delete(['a']);
    await cache.getMany(['a']);
    expect(cache.stats()).toEqual({ kind: 'memory', hits: 2, misses: 2, hitRate: 0.5 });
  });
});

describe('cachedOne and cachedMany', () => {
  it('loads a missing key once for concurrent callers, then serves it cached', async () => {
    const cache = new MemoryCache(10);
    let loads = 0;
    const load = async () => (loads++, await new Promise((r) => setTimeout(r, 20)), ['t1', 't2']);
    const results = await Promise.all([1, 2, 3].map(() => cachedOne(cache, 'popular', 60_000, load)));
    expect(results).toEqual([['t1', 't2'], ['t1', 't2'], ['t1', 't2']]);
    expect(await cachedOne(cache, 'popular', 60_000, load)).toEqual(['t1', 't2']);
    expect(loads).toBe(1);
  });

  it('stores nothing for what was not found, so it is looked for again', async () => {
    const cache = new MemoryCache(10);
    let loads = 0;
    const load = async () => (loads++, undefined);
    await cachedOne(cache, 'gone', 60_000, load);
    await cachedOne(cache, 'gone', 60_000, load);
    expect(loads).toBe(2);
  });

  it('loads only the missing keys, in one call, and keeps the order asked', async () => {
    const cache = new MemoryCache(10);
    await cache.set('b', 'B', 60_000);
    const asked: string[][] = [];
    const got = await cachedMany(cache, ['a', 'b', 'c', 'a'], 60_000, async (missing) => {
      asked.push(missing);
      return new Map([['a', 'A']]);
    });
    expect(got).toEqual(['A', 'B', undefined, 'A']);
    expect(asked).toEqual([['a', 'c']]);
    expect(await cache.getMany(['a'])).toEqual(['A']);
  });
});
