import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { freshPostgres, testPostgresUrl, type FreshPostgres } from '../helpers/postgres';
import { startRedis } from '../helpers/redis';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';
import { Client, signedUpListener } from './client';
import { key, startInstances, startSession } from './instances';
import type { RunningServer } from './server';
import { processingRuns, settled, uploadAs } from './tracks';

// The same two instances with their media in S3 (s3rver): each has a data directory of its
// own, so everything one stores and the other serves went through the bucket.
const run = Date.now().toString(36);
const OPS = { email: `ops-s3-${run}@example.org`, password: 'ops password' };
let pg: FreshPostgres;
let redis: Awaited<ReturnType<typeof startRedis>>;
let s3: RunningS3rver;
let a: RunningServer;
let b: RunningServer;

const seconds = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));

describe.runIf(testPostgresUrl())('two MIST instances on one PostgreSQL with media in S3', () => {
  beforeAll(async () => {
    [pg, redis, s3] = await Promise.all([freshPostgres(), startRedis(), startS3rver()]);
    [a, b] = await startInstances({
      DATABASE_URL: pg.url,
      DATABASE_POOL_MAX: '4',
      REDIS_URL: redis.url,
      MIST_ADMIN_EMAIL: OPS.email,
      MIST_ADMIN_PASSWORD: OPS.password,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
  }, 180_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await Promise.all([pg?.stop(), redis?.stop(), s3?.stop()]);
    await removeTempDirs();
  });

  it('processes an upload finished on A once and plays it through B, segments from the bucket', async () => {
    const admin = new Client(a.url);
    expect((await admin.signIn(OPS.email, OPS.password)).status).toBe(200);
    const dir = await makeTempDir('mist-http-instances-s3-');
    const file = await makeTestAudio(dir, 'chord', 9);
    const trackId = await uploadAs(admin, file, 'Bucket Song.flac');
    expect((await settled(admin.at(b.url), trackId)).status).toBe('ready');

    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      expect(await processingRuns(sql, trackId)).toEqual([{ status: 'completed' }]);
    } finally {
      await sql.end({ timeout: 5 });
    }
    for (const server of [a, b]) expect(fs.existsSync(path.join(server.dataDir, 'media', 'tracks'))).toBe(false);

    const lee = await signedUpListener(a.url, `lee-s3-${run}@example.org`);
    await startSession(lee, trackId);
    const onB = lee.at(b.url);
    expect((await key(onB, trackId)).status).toBe(200);
    const variant = await (await onB.request(`/api/tracks/${trackId}/hls/64k.m3u8`)).text();
    expect(variant).toContain(`${s3.endpoint}/${s3.bucket}/tracks/${trackId}/v1/64k/seg_00000.ts`);
    const out = path.join(dir, 'through-b.wav');
    const cookie = `next-auth.session-token=${lee.cookie('next-auth.session-token')}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${b.url}/api/tracks/${trackId}/hls/master.m3u8`, '-map', '0:a:0', out]);
    expect(Math.abs(seconds(out) - seconds(file))).toBeLessThan(0.1);
  });
});
