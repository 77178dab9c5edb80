import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage, type S3Storage } from '@/lib/storage/s3';
import { startCaddy, type RunningCaddy } from '../helpers/caddy';
import { freePort } from '../helpers/ports';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';

// deploy/Caddyfile, the proxy docker-compose.yml runs, in front of stand-ins that report
// what reached them: two for the MIST replicas, one forwarding to s3rver for the bucket.
type Seen = { upstream: string; method: string; url: string; headers: http.IncomingHttpHeaders };
const seen: Seen[] = [];
const servers: http.Server[] = [];
let replicaA: http.Server;
let s3: RunningS3rver;
let caddy: RunningCaddy;
let storage: S3Storage;

async function listen(server: http.Server): Promise<string> {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  servers.push(server);
  return `127.0.0.1:${port}`;
}

/** A replica stand-in: answers health checks, reports every other request. */
const replica = (name: string) =>
  http.createServer((req, res) => {
    if (req.url === '/api/health') return res.end('{"status":"ok"}');
    seen.push({ upstream: name, method: req.method!, url: req.url!, headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ upstream: name }));
  });

beforeAll(async () => {
  s3 = await startS3rver();
  const target = new URL(s3.endpoint);
  const media = http.createServer((req, res) => {
    seen.push({ upstream: 'media', method: req.method!, url: req.url!, headers: req.headers });
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  replicaA = replica('a');
  const [a, b, m, port] = await Promise.all([listen(replicaA), listen(replica('b')), listen(media), freePort()]);
  caddy = await startCaddy({ MIST_PUBLIC_URL: `http://127.0.0.1:${port}`, MIST_UPSTREAM_A: a, MIST_UPSTREAM_B: b, MIST_MEDIA_UPSTREAM: m, S3_BUCKET: s3.bucket });
  // MIST's storage as docker-compose.yml configures it: the bucket direct, uploads and media via the proxy.
  storage = createS3Storage({ ...s3.config, publicUrl: `${caddy.url}/${s3.bucket}`, uploadEndpoint: caddy.url });
}, 30_000);
afterAll(async () => {
  await caddy?.stop();
  storage?.client.destroy();
  for (const server of servers) server.close();
  await s3?.stop();
});

const last = () => seen.at(-1)!;

describe('deploy/Caddyfile in front of MIST', () => {
  it('overwrites the X-Forwarded-For a client sends: MIST sees the address Caddy saw, alone', async () => {
    for (const path of ['/api/auth/callback/credentials', `/${s3.bucket}/tracks/x`]) {
      await fetch(`${caddy.url}${path}`, { headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.2', 'x-real-ip': '203.0.113.8' } });
      expect(last().headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(last().headers['x-real-ip']).toBe('127.0.0.1');
      expect(last().headers['x-forwarded-proto']).toBe('http');
    }
  });

  it('sends requests to both replicas in turn, Host unchanged', async () => {
    const before = seen.length;
    for (let i = 0; i < 6; i++) await (await fetch(`${caddy.url}/tracks/${i}`)).arrayBuffer();
    const upstreams = seen.slice(before).map((s) => s.upstream);
    expect(upstreams.filter((u) => u === 'a')).toHaveLength(3);
    expect(upstreams.filter((u) => u === 'b')).toHaveLength(3);
    expect(upstreams[0]).not.toBe(upstreams[1]);
    expect(last().headers.host).toBe(new URL(caddy.url).host);
  });

  it('takes a presigned PUT signed for MIST_PUBLIC_URL into the bucket, Host and signed headers intact, no cookies', async () => {
    const bytes = randomBytes(256 * 1024 + 5);
    const { url, headers } = await storage.presignUpload!('originals/via-proxy/source', { contentType: 'audio/flac', size: bytes.length });
    expect(url.startsWith(`${caddy.url}/${s3.bucket}/originals/via-proxy/source?`)).toBe(true);
    const res = await fetch(url, { method: 'PUT', headers: { ...headers, cookie: 'next-auth.session-token=secret' }, body: bytes });
    expect(res.status).toBe(200);
    const put = last();
    expect(put).toMatchObject({ upstream: 'media', method: 'PUT' });
    expect(`http://${put.headers.host}${put.url}`).toBe(url); // what was signed is what arrives
    expect(put.headers['content-type']).toBe('audio/flac');
    expect(put.headers['content-length']).toBe(String(bytes.length));
    expect(put.headers.cookie).toBeUndefined();
    expect(Buffer.from(await storage.readBytes('originals/via-proxy/source')).equals(bytes)).toBe(true);
  });

  it('serves published media from the bucket at S3_PUBLIC_URL', async () => {
    const key = 'tracks/p/v1/64k/seg_00000.ts';
    const bytes = randomBytes(4096);
    await storage.putBytes(key, bytes, { contentType: 'video/mp2t', cacheControl: 'public, max-age=31536000, immutable' });
    const res = await fetch(storage.publicUrl(key), { headers: { range: 'bytes=0-99' } });
    expect(storage.publicUrl(key)).toBe(`${caddy.url}/${s3.bucket}/${key}`);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp2t');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
  });

  it('passes only GET, HEAD and PUT under /<bucket>/ to storage; the rest of the site is MIST', async () => {
    const upstreamOf = async (method: string, path: string) => {
      await (await fetch(`${caddy.url}${path}`, { method })).arrayBuffer();
      return last().upstream;
    };
    expect(await upstreamOf('HEAD', `/${s3.bucket}/tracks/p/v1/64k/seg_00000.ts`)).toBe('media');
    expect(await upstreamOf('DELETE', `/${s3.bucket}/tracks/p/v1/64k/seg_00000.ts`)).not.toBe('media');
    expect(await upstreamOf('POST', `/${s3.bucket}/?delete`)).not.toBe('media');
    expect(await upstreamOf('GET', `/${s3.bucket}`)).not.toBe('media');
    expect(await upstreamOf('GET', `/${s3.bucket}-other/x`)).not.toBe('media');
  });

  it('keeps answering when a replica is down: the other one takes its requests', async () => {
    await new Promise<void>((r) => {
      replicaA.close(() => r());
      replicaA.closeAllConnections();
    });
    const before = seen.length;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${caddy.url}/tracks/${i}`);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual(Array(6).fill(200));
    expect(seen.slice(before).map((s) => s.upstream)).toEqual(Array(6).fill('b'));
  });
});
