import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '@/lib/storage/local';
import { serveLocalMedia } from '@/lib/storage/serve';
import { UploadTooLargeError, type Storage } from '@/lib/storage/types';

let tmp: string;
let root: string;
let storage: Storage;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-storage-local-'));
  root = path.join(tmp, 'media');
  storage = createLocalStorage(root);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const opts = { contentType: 'application/octet-stream' };
/** Every file on disk under `dir`, temporary ones included. */
const filesUnder = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

function chunks(count: number, size: number): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < count; i++) yield randomBytes(size);
  })());
}

describe('local storage writes', () => {
  it('puts bytes and files, reads sizes, copies out', async () => {
    const bytes = randomBytes(4096);
    await storage.putBytes('tracks/t1/cover.jpg', bytes, { contentType: 'image/jpeg' });
    expect(await storage.size('tracks/t1/cover.jpg')).toBe(4096);
    expect(fs.readFileSync(path.join(root, 'tracks/t1/cover.jpg')).equals(bytes)).toBe(true);

    const source = path.join(tmp, 'upload.bin');
    fs.writeFileSync(source, randomBytes(10_000));
    await storage.putFile('originals/t1/source', source, opts);
    expect(fs.existsSync(source)).toBe(true); // copied, the caller's file stays
    const out = path.join(tmp, 'work', 'nested', 'source');
    await storage.downloadToFile('originals/t1/source', out);
    expect(fs.readFileSync(out).equals(fs.readFileSync(source))).toBe(true);

    expect(await storage.size('tracks/t1/missing')).toBeNull();
    expect(await storage.size('tracks/t1')).toBeNull(); // a folder is not an object
    await expect(storage.downloadToFile('tracks/t1/missing', path.join(tmp, 'x'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('streams a body (Node or web stream) and returns its length', async () => {
    expect(await storage.writeStream('originals/t2/source', chunks(10, 64 * 1024), { ...opts, maxBytes: 1_000_000 })).toBe(655_360);
    expect(await storage.size('originals/t2/source')).toBe(655_360);
    const web = new Blob([randomBytes(1234)]).stream();
    expect(await storage.writeStream('originals/t3/source', web, { ...opts, maxBytes: 1234 })).toBe(1234); // exactly the limit is fine
    expect(filesUnder(path.join(root, 'originals/t3'))).toEqual(['source']); // no temporary file left
  });

  it('stops past maxBytes, throws UploadTooLargeError and leaves nothing behind', async () => {
    const error = await storage.writeStream('originals/big/source', chunks(100, 64 * 1024), { ...opts, maxBytes: 200_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(error.maxBytes).toBe(200_000);
    expect(await storage.size('originals/big/source')).toBeNull();
    expect(filesUnder(path.join(root, 'originals/big'))).toEqual([]);
  });

  it('leaves nothing behind when the body fails midway (a dropped upload)', async () => {
    const body = new PassThrough();
    const writing = storage.writeStream('originals/dropped/source', body, { ...opts, maxBytes: 10_000_000 });
    body.write(randomBytes(100_000));
    await new Promise((r) => setTimeout(r, 50));
    body.destroy(new Error('client went away'));
    await expect(writing).rejects.toThrow('client went away');
    expect(filesUnder(path.join(root, 'originals/dropped'))).toEqual([]);

    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(randomBytes(1000));
        controller.error(new Error('aborted'));
      },
    });
    await expect(storage.writeStream('originals/dropped/source', web, { ...opts, maxBytes: 10_000_000 })).rejects.toThrow('aborted');
    expect(filesUnder(path.join(root, 'originals/dropped'))).toEqual([]);
  });

  it('replaces an object atomically: readers see the old bytes until the new ones are complete', async () => {
    const key = 'tracks/atomic/v1/master.m3u8';
    await storage.putBytes(key, Buffer.from('old'), opts);
    const body = new PassThrough();
    const writing = storage.writeStream(key, body, { ...opts, maxBytes: 1_000_000 });
    body.write(randomBytes(50_000));
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.readFileSync(path.join(root, key), 'utf8')).toBe('old');
    expect(await storage.list('tracks/atomic')).toEqual([key]); // the temp file is not an object
    body.end(randomBytes(50_000));
    expect(await writing).toBe(100_000);
    expect(await storage.size(key)).toBe(100_000);
    expect(filesUnder(path.join(root, 'tracks/atomic'))).toEqual(['master.m3u8']);
  });

  it('refuses unsafe keys and writes nothing outside the root', async () => {
    for (const key of ['../escape', 'tracks/../../escape', '/tmp/escape', 'a\\..\\escape', 'tracks//x', 'tracks/.hidden']) {
      await expect(storage.putBytes(key, Buffer.from('x'), opts)).rejects.toMatchObject({ code: 'bad_request' });
      await expect(storage.writeStream(key, Readable.from([Buffer.from('x')]), { ...opts, maxBytes: 10 })).rejects.toMatchObject({ code: 'bad_request' });
    }
    expect(fs.existsSync(path.join(tmp, 'escape'))).toBe(false);
    expect(() => storage.publicUrl('../x')).toThrow();
  });
});

describe('local storage listing and deletion', () => {
  it('lists keys recursively under a folder prefix, and deletes by folder', async () => {
    const keys = ['tracks/L1/v1/master.m3u8', 'tracks/L1/v1/64k/index.m3u8', 'tracks/L1/v1/64k/seg_00001.ts', 'tracks/L1/cover.jpg', 'tracks/L10/cover.jpg'];
    for (const key of keys) await storage.putBytes(key, Buffer.from(key), opts);

    expect(await storage.list('tracks/L1')).toEqual(['tracks/L1/cover.jpg', 'tracks/L1/v1/64k/index.m3u8', 'tracks/L1/v1/64k/seg_00001.ts', 'tracks/L1/v1/master.m3u8']);
    expect(await storage.list('tracks/L1/')).toHaveLength(4);
    expect(await storage.list('tracks/L1/v1/64k')).toEqual(['tracks/L1/v1/64k/index.m3u8', 'tracks/L1/v1/64k/seg_00001.ts']);
    expect(await storage.list('tracks/nothing-here')).toEqual([]);
    expect(await storage.list('tracks/L1/cover.jpg')).toEqual([]); // a file is not a folder
    expect(await storage.list('')).toEqual(expect.arrayContaining(keys));

    await storage.delete('tracks/L1/cover.jpg');
    await storage.delete('tracks/L1/cover.jpg'); // already gone: fine
    expect(await storage.size('tracks/L1/cover.jpg')).toBeNull();

    await storage.deletePrefix('tracks/L1');
    expect(await storage.list('tracks/L1')).toEqual([]);
    expect(await storage.list('tracks/L10')).toEqual(['tracks/L10/cover.jpg']); // a sibling with a longer name survives
    await storage.deletePrefix('tracks/L1/'); // missing: fine
    await expect(storage.deletePrefix('')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(storage.deletePrefix('../')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('gives /media URLs', () => {
    expect(storage.publicUrl('tracks/a/v1/master.m3u8')).toBe('/media/tracks/a/v1/master.m3u8');
  });
});

describe('serveLocalMedia', () => {
  const key = 'tracks/S1/v1/64k/seg_00001.ts';
  const body = randomBytes(10_000);
  const get = (k: string, headers: Record<string, string> = {}, method = 'GET') =>
    serveLocalMedia(new Request(`http://mist.test/media/${k}`, { method, headers }), root, k);

  beforeAll(async () => {
    await storage.putBytes(key, body, opts);
    await storage.putBytes('tracks/S1/v1/master.m3u8', Buffer.from('#EXTM3U\n'), opts);
    await storage.putBytes('originals/S1/source', randomBytes(100), opts);
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  });

  it('serves the whole file with its type, caching and validators', async () => {
    const res = await get(key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp2t');
    expect(res.headers.get('content-length')).toBe('10000');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBeGreaterThan(0);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);

    const playlist = await get('tracks/S1/v1/master.m3u8');
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await playlist.text()).toBe('#EXTM3U\n');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get(key, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('10000');
    expect(res.body).toBeNull();
  });

  it('serves single ranges with 206 and Content-Range', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-10', 9990, 9999],
      ['bytes=5000-999999', 5000, 9999],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(key, { range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/10000`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await res.arrayBuffer()).equals(body.subarray(start, end + 1)), range).toBe(true);
    }
    const head = await get(key, { range: 'bytes=0-9' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
  });

  it('answers 416 with the size for a range past the end', async () => {
    const res = await get(key, { range: 'bytes=10000-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */10000');
  });

  it('serves the whole file for several ranges, or a stale If-Range', async () => {
    const multi = await get(key, { range: 'bytes=0-1,5-6' });
    expect(multi.status).toBe(200);
    expect((await multi.arrayBuffer()).byteLength).toBe(10_000);
    const stale = await get(key, { range: 'bytes=0-1', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
    const { headers } = await get(key, {}, 'HEAD');
    const current = await get(key, { range: 'bytes=0-1', 'if-range': headers.get('etag')! });
    expect(current.status).toBe(206);
    await current.body?.cancel();
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since', async () => {
    const { headers } = await get(key, {}, 'HEAD');
    const etag = headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(key, { 'if-none-match': inm });
      expect(res.status, inm).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.body).toBeNull();
    }
    expect((await get(key, { 'if-modified-since': headers.get('last-modified')! }, 'HEAD')).status).toBe(304);
    const changed = await get(key, { 'if-none-match': '"other"' }, 'HEAD');
    expect(changed.status).toBe(200);
  });

  it('changes the ETag when the file is replaced', async () => {
    const k = 'tracks/S1/cover.jpg';
    await storage.putBytes(k, randomBytes(10), opts);
    const first = (await get(k, {}, 'HEAD')).headers.get('etag');
    await storage.putBytes(k, randomBytes(11), opts);
    expect((await get(k, {}, 'HEAD')).headers.get('etag')).not.toBe(first);
  });

  it('never serves originals, folders, missing files or anything outside tracks/', async () => {
    for (const k of ['originals/S1/source', 'tracks/S1', 'tracks/S1/v1', 'tracks/S1/missing.ts', '../secret.txt', 'tracks/../../secret.txt', 'tracks/../originals/S1/source', '/etc/passwd', 'tracks/S1/v1/64k/%2e%2e/seg_00001.ts', '']) {
      const res = await get(k);
      expect(res.status, k).toBe(404);
    }
  });

  it('refuses other methods', async () => {
    const res = await get(key, {}, 'PUT');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('streams a large file in parts', async () => {
    const big = 'tracks/S1/v1/192k/seg_00001.ts';
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    await storage.putBytes(big, bytes, opts);
    const res = await get(big);
    const reader = res.body!.getReader();
    const parts: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });
});

describe('GET /media/[...key]', () => {
  type Route = typeof import('@/app/media/[...key]/route');
  const ctx = (...key: string[]) => ({ params: Promise.resolve({ key }) });
  let route: Route;
  let saved: typeof globalThis.__mistEnv;

  beforeAll(async () => {
    saved = globalThis.__mistEnv;
    route = await import('@/app/media/[...key]/route');
  });
  afterAll(() => {
    globalThis.__mistEnv = saved;
  });

  it('serves local media from $MIST_DATA_DIR/media, and nothing on S3', async () => {
    const { parseEnv } = await import('@/lib/env');
    globalThis.__mistEnv = parseEnv({ MIST_DATA_DIR: tmp });
    await storage.putBytes('tracks/R1/v1/master.m3u8', Buffer.from('#EXTM3U\n'), opts);
    const req = (method = 'GET') => new Request('http://mist.test/media/tracks/R1/v1/master.m3u8', { method });

    const res = await route.GET(req(), ctx('tracks', 'R1', 'v1', 'master.m3u8'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('#EXTM3U\n');
    expect((await route.HEAD(req('HEAD'), ctx('tracks', 'R1', 'v1', 'master.m3u8'))).status).toBe(200);
    // The router decodes `%2F`, so one segment may hold slashes: still refused.
    expect((await route.GET(req(), ctx('tracks', '..', '..', 'secret.txt'))).status).toBe(404);
    expect((await route.GET(req(), ctx('tracks', '../../secret.txt'))).status).toBe(404);
    expect((await route.GET(req(), ctx('originals', 'S1', 'source'))).status).toBe(404);

    globalThis.__mistEnv = parseEnv({ MIST_DATA_DIR: tmp, S3_BUCKET: 'mist' });
    expect((await route.GET(req(), ctx('tracks', 'R1', 'v1', 'master.m3u8'))).status).toBe(404);
  });
});
