import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { consumeOrRefuse, createLimiter } from './store';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Consumes a point inside a "request" (an async context holding 1 MB); is the request still alive after? */
async function keepsRequestAlive(consume: () => Promise<unknown>): Promise<boolean> {
  const requests = new AsyncLocalStorage<{ body: Uint8Array }>();
  let request!: WeakRef<object>;
  await requests.run({ body: new Uint8Array(1 << 20) }, async () => {
    request = new WeakRef(requests.getStore()!);
    await consume();
  });
  await new Promise((r) => setTimeout(r, 10));
  gc();
  return request.deref() !== undefined;
}

describe('limiters in memory', () => {
  it('keep no request alive for their window, and still limit', async () => {
    const limiter = createLimiter({ keyPrefix: 'test', points: 3, durationSeconds: 60 }, '');
    expect(await keepsRequestAlive(() => limiter.consume('listener')), 'the request is released').toBe(false);
    // What a limiter made by hand does: its key's timer holds the request for the minute.
    const bare = new RateLimiterMemory({ points: 3, duration: 60 });
    expect(await keepsRequestAlive(() => bare.consume('listener'))).toBe(true);

    await consumeOrRefuse('Too many tries', [[limiter, 'listener']]);
    await consumeOrRefuse('Too many tries', [[limiter, 'listener']]);
    await expect(consumeOrRefuse('Too many tries', [[limiter, 'listener']])).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many tries\. Try again in \d+ seconds\.$/) });
  });
});
