import type { Readable } from 'node:stream';

/** Content type and caching of a stored object. */
export type ObjectOptions = { contentType: string; cacheControl?: string };

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    this.name = 'UploadTooLargeError';
  }
}

/**
 * Where originals and published media live: `$MIST_DATA_DIR/media` (local) or an S3 bucket.
 * Keys are relative paths like `tracks/<id>/v1/64k/seg_00001.ts`. Objects under `tracks/`
 * are public (encrypted segments, playlists, covers); objects under `originals/` are not.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  /** Uploads a file from disk. */
  putFile(key: string, filePath: string, options: ObjectOptions): Promise<void>;
  putBytes(key: string, bytes: Uint8Array, options: ObjectOptions): Promise<void>;
  /**
   * Streams a body to `key`, never holding it whole in memory. Over `maxBytes` it stops,
   * deletes what it wrote and throws UploadTooLargeError. Returns the bytes written.
   */
  writeStream(key: string, body: Readable | ReadableStream<Uint8Array>, options: ObjectOptions & { maxBytes: number }): Promise<number>;
  /** A small object's bytes (playlists); AppError not_found when missing. */
  readBytes(key: string): Promise<Uint8Array>;
  /** Copies an object to a local file (for processing). */
  downloadToFile(key: string, filePath: string): Promise<void>;
  /** Size in bytes, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  /** Keys under a prefix (for clean-up and tests). */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
  /** The URL listeners use for a public object: `/media/<key>` locally, S3_PUBLIC_URL/<key> on S3. */
  publicUrl(key: string): string;
  /** S3 only: a presigned PUT the browser or CLI sends the original to. */
  presignUpload?(key: string, options: { contentType: string; size: number; expiresSeconds?: number }): Promise<{ url: string; headers: Record<string, string> }>;
}
