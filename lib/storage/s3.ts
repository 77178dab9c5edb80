import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '@/lib/errors';
import { type BucketAddress, publicBaseUrl } from './addresses';
import { assertSafeKey, encodeKey, normalizePrefix } from './keys';
import { spoolToFile } from './spool';
import type { ObjectOptions, Storage } from './types';

export { publicBaseUrl } from './addresses';

export type S3StorageConfig = BucketAddress & {
  /** Both, or neither for the SDK's default chain (instance role, AWS_* variables). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Where `writeStream` spools bodies before uploading; the OS temp dir when unset. */
  tempDir?: string;
};

export type S3Storage = Storage & { readonly kind: 's3'; readonly client: S3Client; readonly bucket: string };

export function createS3Client(config: S3StorageConfig, endpoint = config.endpoint): S3Client {
  return new S3Client({
    region: config.region,
    endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // With the SDK defaults, streamed uploads reach s3rver corrupted and presigned PUTs carry
    // a checksum real S3 rejects (FIELD-NOTES): checksums only where an operation needs one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const isPublicKey = (key: string) => key.startsWith('tracks/');
const errorName = (error: unknown) => (error as { name?: string }).name;
const httpStatus = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Objects in a bucket. `tracks/` objects are written public-read with their content type
 * and caching; `originals/` objects stay private and reach storage by presigned PUT.
 */
export function createS3Storage(config: S3StorageConfig): S3Storage {
  const client = createS3Client(config);
  // Presigned URLs carry the host they were signed for: sign them for the address browsers use.
  const uploadClient = config.uploadEndpoint ? createS3Client(config, config.uploadEndpoint) : client;
  const { bucket } = config;
  const base = publicBaseUrl(config);
  // Buckets with Object Ownership "bucket owner enforced" (the AWS default since 2023)
  // refuse any ACL; public reads then come from a bucket policy (lib/storage/README.md).
  let aclSupported = true;

  /** One PutObject; `body` is a factory so the request can be retried without the ACL. */
  async function put(key: string, body: () => Readable | Uint8Array, length: number, options: ObjectOptions) {
    assertSafeKey(key);
    const send = (withAcl: boolean) =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body(),
          ContentLength: length,
          ContentType: options.contentType,
          CacheControl: options.cacheControl,
          ACL: withAcl ? 'public-read' : undefined,
        }),
      );
    const withAcl = isPublicKey(key) && aclSupported;
    try {
      await send(withAcl);
    } catch (error) {
      if (!withAcl || errorName(error) !== 'AccessControlListNotSupported') throw error;
      aclSupported = false;
      console.warn(`[mist] bucket ${bucket} does not accept ACLs: make tracks/* public with a bucket policy (see lib/storage/README.md).`);
      await send(false);
    }
  }

  async function putFile(key: string, filePath: string, options: ObjectOptions) {
    const { size } = await fs.promises.stat(filePath);
    await put(key, () => fs.createReadStream(filePath), size, options);
  }

  async function list(prefix: string): Promise<string[]> {
    const folder = normalizePrefix(prefix, true);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: folder || undefined, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  return {
    kind: 's3',
    client,
    bucket,

    putFile,

    async putBytes(key, bytes, options) {
      await put(key, () => bytes, bytes.byteLength, options);
    },

    async writeStream(key, body, options) {
      assertSafeKey(key);
      // No multipart upload library here: spool to disk with the limit, then one PutObject
      // streamed from the file with its length. Memory stays flat; nothing over the limit
      // ever reaches the bucket.
      const tempRoot = config.tempDir ?? os.tmpdir();
      await fs.promises.mkdir(tempRoot, { recursive: true });
      const dir = await fs.promises.mkdtemp(path.join(tempRoot, 'mist-upload-'));
      try {
        const file = path.join(dir, 'body');
        const bytes = await spoolToFile(body, file, options.maxBytes);
        await putFile(key, file, options);
        return bytes;
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },

    async readBytes(key) {
      assertSafeKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body!.transformToByteArray();
      } catch (error) {
        if (errorName(error) === 'NoSuchKey' || httpStatus(error) === 404) throw new AppError('not_found', `The stored file ${key} is missing.`);
        throw error;
      }
    },

    async downloadToFile(key, filePath) {
      assertSafeKey(key);
      let object;
      try {
        object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (errorName(error) === 'NoSuchKey' || httpStatus(error) === 404) {
          throw new AppError('not_found', `The stored file ${key} is missing.`);
        }
        throw error;
      }
      await fs.promises.mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
      try {
        await pipeline(object.Body as Readable, fs.createWriteStream(filePath));
      } catch (error) {
        await fs.promises.rm(filePath, { force: true });
        throw error;
      }
    },

    async size(key) {
      assertSafeKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.ContentLength ?? 0;
      } catch (error) {
        if (errorName(error) === 'NotFound' || httpStatus(error) === 404) return null;
        throw error;
      }
    },

    list,

    async delete(key) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      // Never the whole bucket; and `tracks/a` must not take `tracks/ab/` with it.
      const keys = await list(normalizePrefix(prefix, false));
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const result = await client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
        const failed = result.Errors ?? [];
        if (failed.length) {
          throw new Error(`Could not delete ${failed.length} object(s) under ${prefix}: ${failed[0].Key}: ${failed[0].Code} ${failed[0].Message ?? ''}`.trim());
        }
      }
    },

    publicUrl(key) {
      assertSafeKey(key);
      return `${base}/${encodeKey(key)}`;
    },

    async presignUpload(key, { contentType, size, expiresSeconds = 3600 }) {
      assertSafeKey(key);
      // Content type and length are signed: the PUT must send exactly these.
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size });
      const url = await getSignedUrl(uploadClient, command, { expiresIn: expiresSeconds });
      return { url, headers: { 'content-type': contentType } };
    },
  };
}

/** Whether the bucket exists (and these credentials may see it). */
export async function bucketExists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (errorName(error) === 'NotFound' || httpStatus(error) === 404) return false;
    throw error;
  }
}

/** Creates the bucket unless it exists; returns whether it did. */
export async function ensureBucket(client: S3Client, bucket: string, region: string): Promise<boolean> {
  if (await bucketExists(client, bucket)) return false;
  await client.send(
    new CreateBucketCommand({
      Bucket: bucket,
      // us-east-1 is the one region that refuses an explicit location constraint.
      CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
    }),
  );
  return true;
}
