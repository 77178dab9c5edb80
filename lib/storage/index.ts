import 'server-only';
import path from 'node:path';
import { getEnv, getModes, type Env } from '@/lib/env';
import { bucketAddressFromEnv } from './addresses';
import { createLocalStorage } from './local';
import { createS3Storage, type S3StorageConfig } from './s3';
import type { Storage } from './types';

export { cacheControlFor, contentTypeFor, objectOptionsFor } from './mime';
export { UploadTooLargeError, type ObjectOptions, type Storage } from './types';

declare global {
  var __mistStorage: Storage | undefined;
}

/** `$MIST_DATA_DIR/media`: local storage's root, served by app/media/[...key]. */
export function localMediaRoot(env: Env = getEnv()): string {
  return path.join(env.dataDir, 'media');
}

export function s3ConfigFromEnv(env: Env = getEnv()): S3StorageConfig {
  return {
    ...bucketAddressFromEnv(env),
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    // Uploads are spooled here, not to /tmp, which may be a small tmpfs in a container.
    tempDir: path.join(env.dataDir, 'tmp'),
  };
}

/**
 * The process's one Storage: S3 when S3_BUCKET is set, else `$MIST_DATA_DIR/media`. Kept on
 * globalThis because Next bundles each route separately (module singletons are per bundle).
 */
export function getStorage(): Storage {
  globalThis.__mistStorage ??=
    getModes().storage === 's3' ? createS3Storage(s3ConfigFromEnv()) : createLocalStorage(localMediaRoot());
  return globalThis.__mistStorage;
}
