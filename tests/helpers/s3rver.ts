import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { S3StorageConfig } from '@/lib/storage/s3';

export type RunningS3rver = {
  /** `http://127.0.0.1:<port>`: use path-style addressing (buckets are not virtual hosts on loopback). */
  endpoint: string;
  /** `mist`, created empty. */
  bucket: string;
  /** Ready for createS3Storage / createS3Client: path style, s3rver's fixed credentials, a private spool dir. */
  config: S3StorageConfig;
  stop(): Promise<void>;
};

/**
 * Runs in a child Node process, for two reasons:
 * - s3rver paginates ListObjectsV2 (past 1000 keys) with DES continuation tokens, which
 *   OpenSSL 3 only has in its legacy provider: `--openssl-legacy-provider`.
 * - its winston logger installs process-wide exception handlers: not in the test process.
 *
 * It also patches one s3rver race: DeleteObjects deletes its keys in parallel and each
 * delete then removes its folders once they look empty, so two deletes in one folder race
 * and the request fails with InternalError (measured with 2 to 500 keys in one folder; the
 * SDK's retry usually hides it, slowly). The objects are already gone by then, so ENOENT
 * from that clean-up is ignored.
 */
const CHILD = `
const S3rver = require(process.env.S3RVER_MODULE);
const server = new S3rver(JSON.parse(process.env.S3RVER_OPTIONS));
const deleteObject = server.store.deleteObject.bind(server.store);
server.store.deleteObject = async (bucket, key) => {
  try { await deleteObject(bucket, key); } catch (error) { if (error.code !== 'ENOENT') throw error; }
};
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
// Exit with the test process, even when it dies without calling stop().
process.stdin.on('end', () => process.exit(0)).resume();
`;

/**
 * A real S3 wire protocol on a free loopback port, with an empty bucket `mist`, in a fresh
 * temp directory that stop() removes. s3rver does not check signatures or ACLs and its CORS
 * preflight is partial: test behaviour and headers with it, not access control.
 */
export async function startS3rver(): Promise<RunningS3rver> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-s3rver-'));
  const bucket = 'mist';
  const options = { address: '127.0.0.1', port: 0, directory: path.join(root, 'objects'), silent: true, configureBuckets: [{ name: bucket }] };
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD], {
    env: { ...process.env, S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'), S3RVER_OPTIONS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s:\n${output}`)), 15_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const line = output.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}) before it started:\n${output}`));
    });
  }).catch((error) => {
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    config: {
      bucket,
      region: 'us-east-1',
      endpoint,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      tempDir: path.join(root, 'spool'),
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
