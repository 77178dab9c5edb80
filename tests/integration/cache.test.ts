import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { addToTracks, addUserPlays } from '@/db/queries/heartbeats';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { MemoryCache } from '@/lib/cache/memory';
import { RedisCache } from '@/lib/cache/redis';
import { getPopularTracks, getTrackMeta, POPULAR_MAX_STALE_MS, TRACK_TTL_MS } from '@/lib/cache/tracks';
import type { Cache } from '@/lib/cache/types';
import { createLocalStorage } from '@/lib/storage/local';
import { deleteTrack, editTrack } from '@/lib/tracks/admin';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';
import { startRedis } from '../helpers/redis';

let h: DbHandle;
let redis: Awaited<ReturnType<typeof startRedis>>;
let inspector: Redis;
const clients: Redis[] = [];
const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-cache-media-'));
const storage = createLocalStorage(mediaRoot);
/** Per database: one database's popular list cached in Redis is not the next one's. */
let prefix: string;

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url);
});
afterAll(async () => {
  inspector?.disconnect();
  clients.forEach((c) => c.disconnect());
  await redis?.stop();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

/** Another app instance's cache: its own connection to the one Redis. */
function redisInstance(): RedisCache {
  const client = new Redis(redis.url);
  clients.push(client);
  return new RedisCache(client, prefix);
}

let n = 0;
const track = (title: string) =>
  insertTrack(h.db, { title, status: 'ready', durationMs: 200_000, originalFilename: `${title}.flac`, originalKey: `originals/${++n}`, declaredContentType: 'audio/flac' });
/** `listeners` listeners played the track in the last hour, `plays` times in all. */
async function played(trackId: string, listeners: number, plays = listeners) {
  const users = await Promise.all(Array.from({ length: listeners }, () => insertUser(h.db, { email: `fan${++n}@example.org`, displayName: 'Fan', passwordHash: 'x', role: 'user' })));
  await addUserPlays(h.db, users.map((u, i) => ({ userId: u.id, trackId, plays: i === 0 ? plays - listeners + 1 : 1 })));
  await addToTracks(h.db, [{ trackId, plays, skips: 0, msHeard: 1 }]);
}
const delta = (cache: Cache, before: { hits: number; misses: number }) => ({ hits: cache.stats().hits - before.hits, misses: cache.stats().misses - before.misses });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BOTH_DATABASES)('caching on %s', (name, open) => {
  onFreshApp(open, (app) => {
    h = app.h;
    prefix = `t${Date.now().toString(36)}:${name}:cache:`;
  });

  // In memory there is one instance; with Redis, `reader` and `writer` are two instances.
  describe.each([
    ['in memory', () => { const c = new MemoryCache(1000); return { reader: c, writer: c }; }],
    ['in Redis', () => ({ reader: redisInstance(), writer: redisInstance() })],
  ])('the cache %s', (_name, make) => {
    let reader: Cache;
    let writer: Cache;
    beforeAll(() => ({ reader, writer } = make()));

    it('serves track metadata from the cache after the first load, and counts both', async () => {
      const song = await track('Cached Song');
      const before = reader.stats();
      expect((await getTrackMeta(h.db, song.id, reader))?.title).toBe('Cached Song');
      expect(delta(reader, before)).toEqual({ hits: 0, misses: 1 });
      expect(await getTrackMeta(h.db, song.id.toUpperCase(), reader)).toMatchObject({ id: song.id, title: 'Cached Song', durationMs: 200_000 });
      expect(delta(reader, before)).toEqual({ hits: 1, misses: 1 });
      expect(reader.stats().hitRate).toBeGreaterThan(0);
    });

    it('shows an edit at once, on every instance', async () => {
      const song = await track('Old Title');
      await getTrackMeta(h.db, song.id, reader);
      await editTrack(h.db, song.id, { title: 'New Title', artist: 'New Artist' }, writer);
      expect(await getTrackMeta(h.db, song.id, reader)).toMatchObject({ title: 'New Title', artist: 'New Artist' });
    });

    it('forgets a deleted track at once, on every instance, and drops it from the popular list', async () => {
      const [gone, kept] = [await track('Deleted Song'), await track('Kept Song')];
      await played(gone.id, 12);
      await played(kept.id, 11);
      expect((await getPopularTracks(2, { db: h.db, cache: reader })).map((t) => t.title)).toEqual(['Deleted Song', 'Kept Song']);
      await deleteTrack(h.db, storage, gone.id, writer);
      expect(await getTrackMeta(h.db, gone.id, reader)).toBeUndefined();
      // The ranking may be up to a minute old; the deleted track is left out and the next one moves up.
      expect((await getPopularTracks(1, { db: h.db, cache: reader })).map((t) => t.title)).toEqual(['Kept Song']);
    });
  });

  describe('popular tracks', () => {
    it('keep their ranking for under a minute in memory, then follow the plays', async () => {
      let now = Date.now();
      const cache = new MemoryCache(100, () => now);
      const [a, b] = [await track('Popular A'), await track('Popular B')];
      await played(a.id, 20, 50);
      const first = await getPopularTracks(100, { db: h.db, cache });
      expect(first.find((t) => t.id === a.id)).toMatchObject({ title: 'Popular A', listeners: 20, plays: 50 });
      await played(b.id, 21);
      now += POPULAR_MAX_STALE_MS - 1000;
      expect((await getPopularTracks(1, { db: h.db, cache }))[0]?.id).toBe(a.id); // still the cached ranking
      now += 1000;
      expect((await getPopularTracks(1, { db: h.db, cache }))[0]).toMatchObject({ id: b.id, listeners: 21 });
    });

    it('expire in Redis within the bound, whichever instance made them', async () => {
      const [reader, writer] = [redisInstance(), redisInstance()];
      await getPopularTracks(10, { db: h.db, cache: writer });
      const ttl = await inspector.pttl(`${prefix}popular:7d:listeners`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(POPULAR_MAX_STALE_MS);
      await inspector.del(`${prefix}popular:7d:listeners`);

      const c = await track('Popular C');
      await getPopularTracks(1, { db: h.db, cache: writer, maxStaleMs: 300 });
      await played(c.id, 30);
      await sleep(400);
      expect((await getPopularTracks(1, { db: h.db, cache: reader, maxStaleMs: 300 }))[0]).toMatchObject({ id: c.id, listeners: 30 });
    });
  });

  describe('the Redis cache', () => {
    it('expires entries after their TTL, and track metadata within its bound', async () => {
      const cache = redisInstance();
      await cache.set('short', { x: 1 }, 150);
      expect(await cache.getMany(['short'])).toEqual([{ x: 1 }]);
      await sleep(250);
      expect(await cache.getMany(['short'])).toEqual([undefined]);

      const song = await track('TTL Song');
      await getTrackMeta(h.db, song.id, cache);
      const ttl = await inspector.pttl(`${prefix}track:${song.id}`);
      expect(ttl).toBeGreaterThan(TRACK_TTL_MS - 5_000);
      expect(ttl).toBeLessThanOrEqual(TRACK_TTL_MS);
    });

    it('falls back to the database while Redis is unreachable', async () => {
      const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      down.on('error', () => {});
      clients.push(down);
      const cache = new RedisCache(down, prefix);
      const song = await track('Offline Song');
      expect((await getTrackMeta(h.db, song.id, cache))?.title).toBe('Offline Song');
      await expect(editTrack(h.db, song.id, { title: 'Edited Offline' }, cache)).resolves.toMatchObject({ title: 'Edited Offline' });
      expect(cache.stats()).toMatchObject({ kind: 'redis', hits: 0, misses: 1 });
    });
  });
});
