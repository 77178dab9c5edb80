import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogTrack } from '@/db/queries/catalog';
import { getTrackRow } from '@/db/queries/tracks';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { createS3Storage } from '@/lib/storage/s3';
import { BOTH_DATABASES } from '../helpers/db';
import { startIngest } from '../helpers/ingest';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';

let s3: RunningS3rver;
let storage: ReturnType<typeof createS3Storage>;
let ingest: Awaited<ReturnType<typeof startIngest>>;
let dir: string;

beforeAll(async () => {
  s3 = await startS3rver();
  storage = createS3Storage(s3.config);
  dir = await makeTempDir('mist-ingest-s3-');
});
afterAll(async () => {
  await s3?.stop();
  await removeTempDirs();
});

describe.each(BOTH_DATABASES)('ingest, end to end on S3 (s3rver) and %s', (_name, open) => {
  beforeAll(async () => {
    ingest = await startIngest(storage, open);
  });
  afterAll(() => ingest?.stop());

  it('uploads by presigned PUT and publishes public, typed, cacheable objects', async () => {
    const id = await ingest.upload(await makeTestAudio(dir, 'chord', 10), 'Chord.flac');
    const track = await ingest.settled(id);
    expect(track.error).toBeNull();
    expect(track.status).toBe('ready');

    const keys = await storage.list(`tracks/${id}/`);
    expect(keys.filter((k) => k.endsWith('.m3u8'))).toHaveLength(4);
    expect(keys.filter((k) => k.endsWith('.ts')).length).toBeGreaterThanOrEqual(6);
    const head = (Key: string) => storage.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key }));
    const master = await head(`tracks/${id}/v1/master.m3u8`);
    expect(master.ContentType).toBe('application/vnd.apple.mpegurl');
    const segment = await head(keys.find((k) => k.endsWith('.ts'))!);
    expect(segment.ContentType).toBe('video/mp2t');
    expect(segment.CacheControl).toBe('public, max-age=31536000, immutable');

    // Listeners fetch published objects from the bucket's public address.
    const res = await fetch(storage.publicUrl(`tracks/${id}/v1/master.m3u8`));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('#EXT-X-STREAM-INF');
    // The original stays private and is kept for reprocessing.
    expect(await storage.size(`originals/${id}/source`)).toBeGreaterThan(0);
  });

  it('finds a duplicate sent straight to the bucket while processing: it fails naming the track, keeps nothing, and is never seen', async () => {
    const file = await makeTestAudio(dir, 'sine', 5);
    const first = await ingest.upload(file, 'Sine.wav');
    expect((await ingest.settled(first)).status).toBe('ready');
    // MIST never saw these bytes go by (presigned PUT): processing hashed them.
    expect((await getTrackRow(ingest.db, first))!.contentSha256).toMatch(/^[0-9a-f]{64}$/);

    // Two more copies at once: neither becomes a second track.
    const copies = await Promise.all([ingest.upload(file, 'copy one.wav'), ingest.upload(file, 'copy two.wav')]);
    for (const id of copies) {
      const copy = await ingest.settled(id);
      expect(copy).toMatchObject({ status: 'failed', duplicateOf: first, contentSha256: null });
      expect(copy.error).toBe(`Duplicate of "Sine" (track ${first}): this file is already in the library, so nothing was kept.`);
      expect(await storage.list(`originals/${id}/`)).toEqual([]);
      expect(await storage.list(`tracks/${id}/`)).toEqual([]);
      expect(await getCatalogTrack(ingest.db, id)).toBeUndefined();
    }
  });

  it('fails an empty upload at the door and a text file in processing, leaving no objects', async () => {
    await expect(ingest.upload(await makeTestAudio(dir, 'empty', 1), 'empty.mp3')).rejects.toThrow(/empty/i);
    const id = await ingest.upload(await makeTestAudio(dir, 'text', 1), 'words.mp3');
    const track = await ingest.settled(id);
    expect(track.status).toBe('failed');
    expect(await storage.list(`tracks/${id}/`)).toEqual([]);
    expect(await storage.list(`originals/${id}/`)).toEqual([]);
    await expect(storage.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `originals/${id}/source` }))).rejects.toThrow();
  });
});
