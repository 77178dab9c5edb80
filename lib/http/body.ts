import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';

/** The most a JSON (or form) body may hold: every route's own limit. */
export const MAX_JSON_BYTES = 64 * 1024;

export const tooLarge = () => new AppError('payload_too_large', 'The request body is too large.');

/**
 * The one reader of request bodies held in memory. Bytes are counted as they arrive: past
 * `maxBytes` it stops reading and throws 413, having held at most `maxBytes`, however the
 * body was sent (with no Content-Length, chunked, nothing is known before reading). A
 * declared Content-Length over the limit is refused before reading anything. The 413 tells
 * the server to close the connection (lib/errors.ts), so the rest is never read.
 */
export async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null): Promise<Buffer<ArrayBuffer>> {
  if (Number(declaredLength ?? 0) > maxBytes) throw tooLarge();
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new AppError('bad_request', 'The request body did not arrive whole.');
    }
    if (next.done) return Buffer.concat(chunks);
    size += next.value.byteLength;
    if (size > maxBytes) {
      // Stop here: nothing more is pulled, and the stream's source may drop what it holds.
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(next.value);
  }
}

/**
 * A node:http request body as a Web stream for readBounded (the routes answered before Next's
 * router). Read only when pulled, with backpressure; cancelling drains the rest unread rather
 * than destroying the socket, so the 413 still reaches the client before the connection closes.
 */
export function nodeRequestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!done) controller.close();
        done = true;
      });
      const cut = () => {
        if (!done) controller.error(new Error('The request body did not arrive whole.'));
        done = true;
      };
      req.on('error', cut);
      req.on('close', () => !req.complete && cut());
    },
    pull() {
      req.resume();
    },
    cancel() {
      done = true;
      req.resume(); // drained, unread, until the answer closes the connection
    },
  });
}
