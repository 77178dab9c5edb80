import { spawn } from 'node:child_process';
import http from 'node:http';
import { HeadBucketCommand, GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicReadPolicy } from '@/lib/storage/bucket-policy';
import { createS3Client } from '@/lib/storage/s3';
import { loadCompose, repoRoot, serviceEnvironment } from '../helpers/compose';
import { freePort } from '../helpers/ports';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';

// `npm run storage:setup` exactly as docker-compose.yml's storage-setup service runs it (its
// command and environment), against s3rver and against a MinIO stand-in: s3rver behind a
// forwarder that answers bucket CORS as MinIO's community edition does (501 NotImplemented)
// and keeps the bucket policy it is given (s3rver has none).
let s3: RunningS3rver;
let minio: http.Server;
let minioUrl: string;
const policies = new Map<string, string>();

const notImplemented = (res: http.ServerResponse, bucket: string) => {
  res.writeHead(501, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message><BucketName>${bucket}</BucketName><Resource>/${bucket}</Resource></Error>`);
};

beforeAll(async () => {
  s3 = await startS3rver();
  const target = new URL(s3.endpoint);
  minio = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const bucket = url.pathname.split('/')[1]!;
    if (req.method === 'PUT' && url.searchParams.has('cors')) return notImplemented(res, bucket);
    if (url.searchParams.has('policy')) {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.method === 'PUT') policies.set(bucket, body);
        res.writeHead(req.method === 'PUT' ? 204 : 200);
        res.end(req.method === 'GET' ? (policies.get(bucket) ?? '') : undefined);
      });
      return;
    }
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((r) => minio.listen(port, '127.0.0.1', r));
  minioUrl = `http://127.0.0.1:${port}`;
}, 30_000);
afterAll(async () => {
  minio?.close();
  await s3?.stop();
});

const compose = loadCompose();
const service = compose.services['storage-setup']!;

/** Runs the service's command here, its environment pointed at `endpoint` for `bucket`. */
function runSetup(endpoint: string, bucket: string): Promise<{ code: number | null; out: string }> {
  const environment = serviceEnvironment(compose, 'storage-setup', {
    MIST_PUBLIC_URL: 'https://music.example.org',
    S3_BUCKET: bucket,
    MINIO_ROOT_USER: 'S3RVER',
    MINIO_ROOT_PASSWORD: 'S3RVER',
  });
  expect(environment.S3_ENDPOINT).toBe('http://minio:9000');
  const [command, ...args] = service.command!;
  const child = spawn(command!, args, {
    cwd: repoRoot,
    // NODE_ENV as in the tools image (node's base image sets none: development).
    env: { NODE_ENV: 'development', PATH: process.env.PATH, HOME: process.env.HOME, MIST_DATA_DIR: s3.config.tempDir, ...environment, S3_ENDPOINT: endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('storage:setup as docker-compose.yml runs it', () => {
  it('creates the bucket, warns that MinIO takes no bucket CORS, and makes tracks/ public with a policy', async () => {
    expect(service.command).toEqual(expect.arrayContaining(['storage:setup', '--create', '--public-read-policy']));
    const first = await runSetup(minioUrl, 'mist-media');
    expect(first.out).toContain('Created bucket mist-media.');
    expect(first.out).toMatch(/does not take bucket CORS rules \(NotImplemented\)/);
    expect(first.out).toContain('Bucket policy set on mist-media');
    expect(first.code).toBe(0);
    expect(JSON.parse(policies.get('mist-media')!)).toEqual(publicReadPolicy('mist-media'));

    const client = createS3Client(s3.config);
    await expect(client.send(new HeadBucketCommand({ Bucket: 'mist-media' }))).resolves.toBeDefined();
    client.destroy();

    // Every `docker compose up` runs it again.
    const again = await runSetup(minioUrl, 'mist-media');
    expect(again.out).toContain('Bucket mist-media exists.');
    expect(again.code).toBe(0);
  }, 60_000);

  it('sets CORS where the service takes it, and fails loudly when the policy it was asked for is refused', async () => {
    const { code, out } = await runSetup(s3.endpoint, s3.bucket);
    expect(out).toContain('CORS set on mist: GET/HEAD from any origin; PUT from https://music.example.org.');
    const client = createS3Client(s3.config);
    const { CORSRules } = await client.send(new GetBucketCorsCommand({ Bucket: s3.bucket }));
    client.destroy();
    expect(CORSRules?.map((r) => r.AllowedOrigins)).toEqual([['*'], ['https://music.example.org']]);
    // s3rver has no bucket policies: media would not be public, so the setup must not pass.
    expect(out).toMatch(/Storage setup failed: .*not implemented/i);
    expect(code).toBe(1);
  }, 60_000);
});
