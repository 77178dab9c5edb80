import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** What MIST tells duplicate uploads apart by: sha-256 of the original's bytes, lower-case hex. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Passes a body on unchanged, hashing it on the way; `digest()` once it has all been read. */
export function hashingStream(body: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; digest: () => string } {
  const hash = createHash('sha256');
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  return { stream, digest: () => hash.digest('hex') };
}
