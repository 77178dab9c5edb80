import { randomBytes } from 'node:crypto';
import { Inngest } from 'inngest';
import { serve } from 'inngest/next';
import type { Db } from '@/db/client';
import { EmbeddedDriver } from '@/lib/jobs/driver';
import type { DriverFunction } from '@/lib/jobs/functions';

export const TEST_APP = 'mist-test';

/** A client like the app's (cloud mode, signed, no Inngest reachable), for test functions. */
export function testClient() {
  const signingKey = `signkey-prod-${randomBytes(32).toString('hex')}`;
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const client = new Inngest({ id: TEST_APP, isDev: false, checkpointing: false, signingKey, eventKey: 'test', baseUrl: 'http://mist.internal/', logger: quiet });
  return { client, signingKey };
}

/** The real serve handler from inngest/next over these functions, driven by the embedded driver. */
export function testDriver(db: Db, signingKey: string, client: Inngest.Any, functions: unknown[], options: { workers?: number; leaseMs?: number } = {}) {
  const { POST } = serve({ client, functions: functions as never });
  return new EmbeddedDriver({
    db,
    appId: TEST_APP,
    functions: functions as DriverFunction[],
    post: (req) => POST(req as never, undefined as never),
    signingKey,
    workers: options.workers ?? 4,
    leaseMs: options.leaseMs,
    pollMs: 20,
    retryBaseMs: 20,
  });
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
