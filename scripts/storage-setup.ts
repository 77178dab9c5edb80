// npm run storage:setup [-- --create] [-- --origin https://music.example.org] [-- --public-read-policy]
// S3 only: sets the bucket's CORS rules (public GET/HEAD from anywhere, presigned PUT from
// MIST_PUBLIC_URL), creating the bucket first with --create; with --public-read-policy, a
// bucket policy that makes tracks/* readable by anyone (MinIO, or AWS without ACLs). Safe to
// run again.
import { parseArgs } from 'node:util';
import { getEnv, getModes } from '@/lib/env';
import { localMediaRoot, s3ConfigFromEnv } from '@/lib/storage';
import { applyPublicReadPolicy } from '@/lib/storage/bucket-policy';
import { applyCors, uploadOriginsFor } from '@/lib/storage/cors';
import { bucketExists, createS3Client, ensureBucket } from '@/lib/storage/s3';

const { values } = parseArgs({
  options: {
    create: { type: 'boolean', default: false },
    origin: { type: 'string', multiple: true },
    'public-read-policy': { type: 'boolean', default: false },
  },
});

const errorName = (error: unknown) => (error as { name?: string; Code?: string }).name ?? (error as { Code?: string }).Code;

try {
  const env = getEnv();
  if (getModes(env).storage === 'local') {
    console.log(`Local storage in ${localMediaRoot(env)}: nothing to set up (set S3_BUCKET to use S3).`);
    process.exit(0);
  }
  const config = s3ConfigFromEnv(env);
  const client = createS3Client(config);

  if (values.create) {
    const created = await ensureBucket(client, config.bucket, config.region);
    console.log(created ? `Created bucket ${config.bucket}.` : `Bucket ${config.bucket} exists.`);
  } else if (!(await bucketExists(client, config.bucket))) {
    console.error(`Bucket ${config.bucket} does not exist. Create it, or run again with --create.`);
    process.exit(1);
  }

  const origins = values.origin?.length ? values.origin.map((o) => new URL(o).origin) : uploadOriginsFor(env.MIST_PUBLIC_URL);
  if (origins.includes('*')) {
    console.warn('Warning: MIST_PUBLIC_URL is not set, so any web page may PUT to the bucket with a presigned URL it was given.');
    console.warn('         Set MIST_PUBLIC_URL (or pass --origin) and run this again to allow uploads from MIST only.');
  }
  try {
    await applyCors(client, config.bucket, origins);
    console.log(`CORS set on ${config.bucket}: GET/HEAD from any origin; PUT from ${origins.join(', ')}.`);
  } catch (error) {
    // MinIO's community edition has no per-bucket CORS (it answers every origin itself).
    if (errorName(error) !== 'NotImplemented') throw error;
    console.warn(`Warning: this storage service does not take bucket CORS rules (NotImplemented); none were set on ${config.bucket}.`);
    console.warn('         Browsers need them only when they load media or upload from another origin than MIST_PUBLIC_URL:');
    console.warn("         serve the bucket on MIST's own origin (as docker-compose.yml does), or set CORS in the service itself.");
  }

  if (values['public-read-policy']) {
    await applyPublicReadPolicy(client, config.bucket);
    console.log(`Bucket policy set on ${config.bucket}: anyone may read tracks/*; originals stay private.`);
  } else {
    console.log('Objects under tracks/ are written public-read. If the bucket refuses ACLs (Object Ownership');
    console.log('"bucket owner enforced") or ignores them (MinIO), run again with --public-read-policy: see lib/storage/README.md.');
  }
  client.destroy();
} catch (error) {
  console.error(`Storage setup failed: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
}
