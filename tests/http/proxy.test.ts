import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { startCaddy, type RunningCaddy } from '../helpers/caddy';
import { loadCompose, serviceEnvironment } from '../helpers/compose';
import { freePort } from '../helpers/ports';
import { freshPostgres, testPostgresUrl, type FreshPostgres } from '../helpers/postgres';
import { startRedis } from '../helpers/redis';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';
import { Client, signedUpListener } from './client';
import { startInstances, startSession } from './instances';
import type { RunningServer } from './server';
import { processingRuns, settled } from './tracks';

// docker-compose.yml without Docker: two MIST processes with mist-a's environment from the
// file (the services' names replaced by where PostgreSQL, Redis and s3rver run here) behind
// Caddy running deploy/Caddyfile, the bucket served through it as MinIO is in the stack.
// Every request below goes through the proxy, as a listener's would.
const run = Date.now().toString(36);
const OPS = { email: `ops-proxy-${run}@example.org`, password: 'ops password' };
const SIGNIN_MAX_PER_IP = 4;
let pg: FreshPostgres;
let redis: Awaited<ReturnType<typeof startRedis>>;
let s3: RunningS3rver;
let a: RunningServer;
let b: RunningServer;
let caddy: RunningCaddy;
let admin: Client;
let trackId: string;

const hostOf = (url: string) => new URL(url).host;
const seconds = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));
/** Cache lookups one replica has made since it started (its own counters: asked directly). */
const lookups = async (server: RunningServer) => {
  const { cache } = (await (await fetch(`${server.url}/api/health`)).json()) as { cache: { hits: number; misses: number } };
  return cache.hits + cache.misses;
};

describe.runIf(testPostgresUrl())('two MIST replicas behind deploy/Caddyfile, set up as docker-compose.yml sets them up, on PostgreSQL', () => {
  beforeAll(async () => {
    [pg, redis, s3] = await Promise.all([freshPostgres(), startRedis(), startS3rver()]);
    const site = `http://127.0.0.1:${await freePort()}`;
    const fromCompose = serviceEnvironment(loadCompose(), 'mist-a', {
      MIST_PUBLIC_URL: site,
      AUTH_SECRET: randomBytes(32).toString('base64'),
      MIST_ADMIN_EMAIL: OPS.email,
      MIST_ADMIN_PASSWORD: OPS.password,
      POSTGRES_PASSWORD: 'replaced below',
      MINIO_ROOT_USER: 'S3RVER',
      MINIO_ROOT_PASSWORD: 'S3RVER',
      S3_BUCKET: s3.bucket,
    });
    // Compose's service names, as this machine reaches those services.
    const here = { DATABASE_URL: pg.url, REDIS_URL: redis.url, S3_ENDPOINT: s3.endpoint };
    expect(Object.keys(fromCompose)).toEqual(expect.arrayContaining(Object.keys(here)));
    // Test-only additions: a smaller pool on the shared test PostgreSQL, a limit reached quickly.
    [a, b] = await startInstances({ ...fromCompose, ...here, DATABASE_POOL_MAX: '4', MIST_SIGNIN_MAX_PER_IP: String(SIGNIN_MAX_PER_IP) });
    caddy = await startCaddy({ MIST_PUBLIC_URL: site, MIST_UPSTREAM_A: hostOf(a.url), MIST_UPSTREAM_B: hostOf(b.url), MIST_MEDIA_UPSTREAM: hostOf(s3.endpoint), S3_BUCKET: s3.bucket });
    admin = new Client(caddy.url);
  }, 180_000);
  afterAll(async () => {
    await caddy?.stop();
    await a?.stop();
    await b?.stop();
    await Promise.all([pg?.stop(), redis?.stop(), s3?.stop()]);
    await removeTempDirs();
  });

  it('answers through the proxy, and a sign-in made there holds on both replicas', async () => {
    const health = await (await fetch(`${caddy.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'postgres', storage: 's3', jobs: 'embedded', cache: { kind: 'redis' } });
    expect((await admin.signIn(OPS.email, OPS.password)).status).toBe(200);
    for (const server of [a, b]) {
      const { user } = await (await admin.at(server.url).request('/api/auth/session')).json();
      expect(user?.email).toBe(OPS.email);
    }
  });

  it('uploads by presigned PUT through the proxy into the bucket, processes once, and plays through the proxy', async () => {
    const dir = await makeTempDir('mist-http-proxy-');
    const file = await makeTestAudio(dir, 'chord', 9);
    const slot = await admin.request('/api/uploads', { method: 'POST', json: { filename: 'Proxied.flac', size: fs.statSync(file).size, contentType: 'audio/flac' } });
    expect(slot.status).toBe(201);
    const { trackId: id, uploadUrl, headers } = await slot.json();
    trackId = id;
    // Signed for MIST_PUBLIC_URL: the browser sends it to the proxy, which hands it to the bucket.
    expect(uploadUrl.startsWith(`${caddy.url}/${s3.bucket}/originals/${trackId}/`)).toBe(true);
    const put = await admin.request(uploadUrl, { method: 'PUT', headers, body: fs.readFileSync(file) });
    expect(put.status).toBe(200);
    expect((await admin.request(`/api/uploads/${trackId}/complete`, { method: 'POST' })).status).toBe(202);
    expect((await settled(admin, trackId)).status).toBe('ready');

    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      expect(await processingRuns(sql, trackId)).toEqual([{ status: 'completed' }]);
    } finally {
      await sql.end({ timeout: 5 });
    }

    const lee = await signedUpListener(caddy.url, `lee-proxy-${run}@example.org`);
    await startSession(lee, trackId);
    const variant = await (await lee.request(`/api/tracks/${trackId}/hls/64k.m3u8`)).text();
    expect(variant).toContain(`${caddy.url}/${s3.bucket}/tracks/${trackId}/v1/64k/seg_00000.ts`);
    // ffmpeg as the player: playlists and key from MIST, segments from the bucket, all via the proxy.
    const out = path.join(dir, 'through-proxy.wav');
    const cookie = `next-auth.session-token=${lee.cookie('next-auth.session-token')}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${caddy.url}/api/tracks/${trackId}/hls/master.m3u8`, '-map', '0:a:0', out]);
    expect(Math.abs(seconds(out) - seconds(file))).toBeLessThan(0.1);
  });

  it('spreads listeners’ requests over both replicas', async () => {
    const before = [await lookups(a), await lookups(b)];
    for (let i = 0; i < 6; i++) await startSession(admin, trackId);
    const grew = [(await lookups(a)) - before[0]!, (await lookups(b)) - before[1]!];
    expect(grew[0]).toBeGreaterThan(0);
    expect(grew[1]).toBeGreaterThan(0);
  });

  it('counts sign-in failures against the address Caddy saw, whatever X-Forwarded-For a client sends', async () => {
    // One real address, each try claiming a "new" one and for another account: only the real one can add up.
    const real = '127.77.0.1';
    for (let i = 0; i < SIGNIN_MAX_PER_IP; i++) {
      const attempt = await new Client(caddy.url, real, { 'x-forwarded-for': `203.0.113.${i + 1}` }).signIn(`nobody${i}-${run}@example.org`, 'wrong password');
      expect(attempt.status).toBe(401);
    }
    // Limited even with the right password and yet another forged address.
    expect((await new Client(caddy.url, real, { 'x-forwarded-for': '198.51.100.77' }).signIn(OPS.email, OPS.password)).status).toBe(429);
    // Another listener, at another address behind the same proxy, is not.
    expect((await new Client(caddy.url).signIn(OPS.email, OPS.password)).status).toBe(200);
  });

  it('goes on serving, signed-in listeners included, when a replica stops', async () => {
    await a.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await admin.request('/api/auth/session');
      statuses.push(res.status);
      if (res.status === 200) expect((await res.json()).user?.email).toBe(OPS.email);
    }
    expect(statuses).toEqual(Array(6).fill(200));
  });
});
