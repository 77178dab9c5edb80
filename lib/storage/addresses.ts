import type { Env } from '@/lib/env';

// Where a bucket's objects are reached from, without the AWS SDK: for the storage itself and
// for the Content-Security-Policy (proxy.ts), which must name those origins.

/** What decides a bucket's addresses. */
export type BucketAddress = {
  bucket: string;
  region: string;
  /** S3-compatible services (MinIO, R2, s3rver...); AWS when unset. */
  endpoint?: string;
  /** Where listeners fetch public objects (a CDN); the bucket's own address when unset. */
  publicUrl?: string;
  /**
   * The endpoint presigned uploads point at, when browsers reach the service at another
   * address than MIST (behind a proxy); `endpoint` when unset. Signing is offline, so this
   * address is never dialled by MIST.
   */
  uploadEndpoint?: string;
  forcePathStyle: boolean;
};

/** The bucket's address settings from the environment (S3_BUCKET must be set). */
export function bucketAddressFromEnv(env: Env): BucketAddress {
  if (!env.S3_BUCKET) throw new Error('S3_BUCKET is not set.');
  return {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    publicUrl: env.S3_PUBLIC_URL,
    uploadEndpoint: env.S3_UPLOAD_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** The base listeners fetch public objects from, without a trailing slash. */
export function publicBaseUrl(config: BucketAddress): string {
  if (config.publicUrl) return trimSlash(config.publicUrl);
  if (config.endpoint) {
    const url = new URL(config.endpoint);
    const basePath = trimSlash(url.pathname);
    return config.forcePathStyle
      ? `${url.origin}${basePath}/${config.bucket}`
      : `${url.protocol}//${config.bucket}.${url.host}${basePath}`;
  }
  return config.forcePathStyle
    ? `https://s3.${config.region}.amazonaws.com/${config.bucket}`
    : `https://${config.bucket}.s3.${config.region}.amazonaws.com`;
}

/** The base presigned uploads are sent to (as the SDK addresses the upload endpoint). */
export function uploadBaseUrl(config: BucketAddress): string {
  return publicBaseUrl({ ...config, publicUrl: undefined, endpoint: config.uploadEndpoint ?? config.endpoint });
}
