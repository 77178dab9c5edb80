import { describe, expect, it } from 'vitest';
import { readBounded } from './body';

/** A body of `chunks` chunks of `size` bytes, counting how many the reader pulled. */
function body(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

describe('readBounded', () => {
  it('reads a body within the limit whole', async () => {
    const { stream } = body(4, 1000);
    expect((await readBounded(stream, 4000)).length).toBe(4000);
    expect((await readBounded(null, 10)).length).toBe(0);
  });

  it('stops pulling at the first chunk past the limit, and says 413', async () => {
    const { stream, seen } = body(1000, 1000);
    await expect(readBounded(stream, 2500)).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(seen.pulled).toBe(3);
    expect(seen.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const { stream, seen } = body(1, 10);
    await expect(readBounded(stream, 5, '6')).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(seen.pulled).toBe(0);
  });

  it('turns a body cut off mid-way into a 400', async () => {
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('socket hang up')) });
    await expect(readBounded(stream, 100)).rejects.toMatchObject({ code: 'bad_request' });
  });
});
