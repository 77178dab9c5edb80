import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { GetBucketCorsCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyCors } from '@/lib/storage/cors';
import { objectOptionsFor } from '@/lib/storage/mime';
import { createS3Storage, ensureBucket, type S3Storage } from '@/lib/storage/s3';
import { UploadTooLargeError } from '@/lib/storage/types';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';

let s3: RunningS3rver;
let storage: S3Storage;
let tmp: string;
/** The x-amz-acl header of every PutObject this storage sent, by key. */
const aclSent = new Map<string, string | undefined>();

beforeAll(async () => {
  s3 = await startS3rver();
  storage = createS3Storage(s3.config);
  storage.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand') {
        const { request, input } = args as unknown as { request: { headers: Record<string, string> }; input: { Key: string } };
        aclSent.set(input.Key, request.headers['x-amz-acl']);
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordAcl' },
  );
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-storage-s3-'));
});
afterAll(async () => {
  storage?.client.destroy();
  await s3?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const head = (key: string) => storage.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
const spooled = () => (fs.existsSync(s3.config.tempDir!) ? fs.readdirSync(s3.config.tempDir!) : []);

describe('S3 storage writes', () => {
  it('stores bytes public with their content type and caching', async () => {
    const key = 'tracks/a/v1/master.m3u8';
    await storage.putBytes(key, Buffer.from('#EXTM3U\n'), objectOptionsFor(key));
    const meta = await head(key);
    expect(meta.ContentType).toBe('application/vnd.apple.mpegurl');
    expect(meta.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(aclSent.get(key)).toBe('public-read');
    expect(await storage.size(key)).toBe(8);
  });

  it('uploads a file intact and keeps originals private', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 3);
    const file = path.join(tmp, 'original.flac');
    fs.writeFileSync(file, bytes);
    await storage.putFile('originals/a/source', file, { contentType: 'audio/flac' });
    expect(aclSent.get('originals/a/source')).toBeUndefined();
    expect((await head('originals/a/source')).ContentType).toBe('audio/flac');
    const out = path.join(tmp, 'work', 'source');
    await storage.downloadToFile('originals/a/source', out);
    expect(sha(fs.readFileSync(out))).toBe(sha(bytes));
    await expect(storage.downloadToFile('originals/missing/source', path.join(tmp, 'x'))).rejects.toMatchObject({ code: 'not_found' });
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('streams a body up (Node and web streams), byte for byte', async () => {
    const parts = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    const whole = Buffer.concat(parts);
    const n = await storage.writeStream('originals/b/source', Readable.from(parts), { contentType: 'audio/mpeg', maxBytes: 10_000_000 });
    expect(n).toBe(whole.length);
    const out = path.join(tmp, 'b');
    await storage.downloadToFile('originals/b/source', out);
    expect(sha(fs.readFileSync(out))).toBe(sha(whole));

    const web = new Blob(parts).stream();
    await storage.writeStream('tracks/b/v1/64k/seg_00001.ts', web, { ...objectOptionsFor('tracks/b/v1/64k/seg_00001.ts'), maxBytes: whole.length });
    expect((await head('tracks/b/v1/64k/seg_00001.ts')).ContentType).toBe('video/mp2t');
    expect(await storage.size('tracks/b/v1/64k/seg_00001.ts')).toBe(whole.length);
    expect(spooled()).toEqual([]);
  });

  it('stops past maxBytes: UploadTooLargeError, no object, no spooled file', async () => {
    const body = Readable.from(Array.from({ length: 50 }, () => randomBytes(64 * 1024)));
    const error = await storage.writeStream('originals/big/source', body, { contentType: 'audio/flac', maxBytes: 1_000_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(await storage.size('originals/big/source')).toBeNull();
    expect(await storage.list('originals/big')).toEqual([]);
    expect(spooled()).toEqual([]);
  });

  it('uploads nothing when the body fails midway', async () => {
    const body = new PassThrough();
    const writing = storage.writeStream('originals/dropped/source', body, { contentType: 'audio/flac', maxBytes: 10_000_000 });
    body.write(randomBytes(10_000));
    setTimeout(() => body.destroy(new Error('client went away')), 20);
    await expect(writing).rejects.toThrow('client went away');
    expect(await storage.size('originals/dropped/source')).toBeNull();
    expect(spooled()).toEqual([]);
  });

  it('falls back to no ACL, once, on a bucket that refuses ACLs', async () => {
    // Object Ownership "bucket owner enforced" (AWS's default) answers AccessControlListNotSupported.
    const strict = createS3Storage(s3.config);
    const sent: (string | undefined)[] = [];
    strict.client.middlewareStack.add(
      (next) => async (args) => {
        const acl = (args.request as { headers: Record<string, string> }).headers['x-amz-acl'];
        sent.push(acl);
        if (acl) throw Object.assign(new Error('The bucket does not allow ACLs'), { name: 'AccessControlListNotSupported' });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'refuseAcl' },
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const key = 'tracks/noacl/v1/master.m3u8';
    await strict.putBytes(key, Buffer.from('#EXTM3U\n'), objectOptionsFor(key));
    await strict.putBytes(key, Buffer.from('#EXTM3U\n'), objectOptionsFor(key));
    expect(sent).toEqual(['public-read', undefined, undefined]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await storage.size(key)).toBe(8);
    warn.mockRestore();
    strict.client.destroy();
  });

  it('refuses unsafe keys before any request', async () => {
    await expect(storage.putBytes('../x', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(storage.size('a//b')).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('S3 storage listing and deletion', () => {
  it('lists past one page and deletes a folder in batches of 1000', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `tracks/many/v1/64k/seg_${String(i).padStart(5, '0')}.ts`);
    const queue = [...keys];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let key = queue.pop(); key; key = queue.pop()) await storage.putBytes(key, Buffer.from(key), objectOptionsFor(key));
      }),
    );
    await storage.putBytes('tracks/many-other/cover.jpg', Buffer.from('x'), objectOptionsFor('tracks/many-other/cover.jpg'));

    const listed = await storage.list('tracks/many');
    expect(listed).toHaveLength(1005);
    expect([...listed].sort()).toEqual([...keys].sort());
    expect(await storage.list('tracks/many/v1/64k/')).toHaveLength(1005);

    await storage.deletePrefix('tracks/many/');
    expect(await storage.list('tracks/many')).toEqual([]);
    expect(await storage.list('tracks/many-other')).toEqual(['tracks/many-other/cover.jpg']);
    await storage.deletePrefix('tracks/many'); // nothing left: fine
    await expect(storage.deletePrefix('')).rejects.toMatchObject({ code: 'bad_request' });

    await storage.delete('tracks/many-other/cover.jpg');
    await storage.delete('tracks/many-other/cover.jpg'); // already gone: fine
    expect(await storage.size('tracks/many-other/cover.jpg')).toBeNull();
  }, 120_000);
});

describe('S3 public URLs and presigned uploads', () => {
  it('gives a path-style public URL that serves the object with its headers', async () => {
    const key = 'tracks/p/cover.png';
    const bytes = randomBytes(3000);
    await storage.putBytes(key, bytes, objectOptionsFor(key));
    const url = storage.publicUrl(key);
    expect(url).toBe(`${s3.endpoint}/mist/tracks/p/cover.png`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('takes a presigned PUT sent with plain fetch, bytes intact', async () => {
    const bytes = randomBytes(1024 * 1024 + 1);
    const { url, headers } = await storage.presignUpload!('originals/up/source', { contentType: 'audio/flac', size: bytes.length, expiresSeconds: 600 });
    expect(headers).toEqual({ 'content-type': 'audio/flac' });
    const signed = new URL(url);
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('600');
    // No SDK checksum baked into the URL: a browser could not send the matching header (FIELD-NOTES).
    expect([...signed.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(signed.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');

    const res = await fetch(url, { method: 'PUT', headers, body: bytes });
    expect(res.status).toBe(200);
    expect((await head('originals/up/source')).ContentType).toBe('audio/flac');
    const out = path.join(tmp, 'up');
    await storage.downloadToFile('originals/up/source', out);
    expect(sha(fs.readFileSync(out))).toBe(sha(bytes));
  });
});

describe('bucket setup', () => {
  it('applies CORS: public reads from anywhere, PUT from MIST only', async () => {
    await applyCors(storage.client, s3.bucket, ['https://music.example.org']);
    const { CORSRules } = await storage.client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }));
    expect(CORSRules?.map((r) => r.AllowedMethods)).toEqual([['GET', 'HEAD'], ['PUT']]);

    const key = 'tracks/cors/v1/master.m3u8';
    await storage.putBytes(key, Buffer.from('#EXTM3U\n'), objectOptionsFor(key));
    const read = await fetch(storage.publicUrl(key), { headers: { origin: 'https://elsewhere.example', range: 'bytes=0-3' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(await read.text()).toBe('#EXT');

    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${s3.bucket}/originals/x/source`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('https://music.example.org');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('creates a missing bucket once', async () => {
    expect(await ensureBucket(storage.client, 'mist-new', 'us-east-1')).toBe(true);
    expect(await ensureBucket(storage.client, 'mist-new', 'us-east-1')).toBe(false);
    // The new bucket takes writes.
    await storage.client.send(new PutObjectCommand({ Bucket: 'mist-new', Key: 'x', Body: 'x' }));
  });
});
