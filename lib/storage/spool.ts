import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { UploadTooLargeError } from './types';

export type Body = Readable | ReadableStream<Uint8Array>;

export function toNodeReadable(body: Body): Readable {
  return body instanceof Readable ? body : Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
}

/**
 * Streams `body` into a new file at `filePath` (which must not exist), flushed to disk
 * before it resolves with the byte count. Past `maxBytes` it stops reading and throws
 * UploadTooLargeError; on that or any other failure (an aborted request body, a full disk)
 * the partial file is removed before the error propagates.
 */
export async function spoolToFile(body: Body, filePath: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(new UploadTooLargeError(maxBytes));
      else callback(null, chunk);
    },
  });
  const out = fs.createWriteStream(filePath, { flags: 'wx', flush: true });
  let created = false;
  out.once('open', () => (created = true));
  try {
    await pipeline(toNodeReadable(body), limit, out);
    return bytes;
  } catch (error) {
    // Only our own file: with 'wx', an existing file at filePath is an error, not ours to delete.
    if (created) await fs.promises.rm(filePath, { force: true });
    throw error;
  }
}
