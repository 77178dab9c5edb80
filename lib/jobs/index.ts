import 'server-only';
import { getDb, getDbHandle } from '@/db';
import type { Db } from '@/db/client';
import { expireAllLeases, getRun, requeueFailedRun } from '@/db/queries/jobs';
import { APP_ID, inngest } from '@/inngest/client';
import { functions } from '@/inngest/functions';
import { handlers } from '@/inngest/serve';
import { getEnv, getModes } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { EmbeddedDriver } from './driver';
import { type DriverFunction, type EventInput, unsupportedFeatures } from './functions';
import { loadOrCreateSigningKey } from './signing-key';
import { validateEvent } from './validate-event';

export { validateEvent };

declare global {
  var __mistJobs: EmbeddedDriver | undefined;
}

/**
 * The app's one way to start work. Events are validated first; with Inngest configured
 * they go to Inngest, otherwise the embedded driver runs them. Returns the event ids.
 */
export async function enqueue(input: EventInput | EventInput[]): Promise<string[]> {
  const events = [input].flat().map(validateEvent);
  if (getModes().jobs === 'inngest') {
    const { ids } = await inngest.send(events.map((e) => ({ name: e.name, data: e.data ?? {}, ...(e.id ? { id: e.id } : {}) })));
    return ids;
  }
  return (await getDriver()).enqueue(events);
}

/** The process's embedded driver (created on first use, started by startJobs). */
export async function getDriver(): Promise<EmbeddedDriver> {
  if (!globalThis.__mistJobs) {
    const env = getEnv();
    globalThis.__mistJobs = new EmbeddedDriver({
      db: await getDb(),
      appId: APP_ID,
      functions: functions as unknown as DriverFunction[],
      post: (req) => handlers.POST(req as never, undefined as never),
      signingKey: loadOrCreateSigningKey(env.dataDir),
      workers: env.MIST_JOB_WORKERS,
      leaseMs: env.MIST_JOB_LEASE_SECONDS * 1000,
    });
  }
  return globalThis.__mistJobs;
}

/** At server start, in the embedded mode: resume what was in flight, then take new work. */
export async function startJobs(): Promise<void> {
  if (getModes().jobs !== 'embedded') return;
  const handle = await getDbHandle();
  // With PGlite this process holds the data directory: any lease in the table is a dead process's.
  if (handle.kind === 'pglite') {
    const resumed = await expireAllLeases(handle.db);
    if (resumed) console.log(`[mist] jobs: resuming ${resumed} run(s) interrupted by the last shutdown`);
  }
  const driver = await getDriver();
  driver.start();
  console.log('[mist] jobs: running inside MIST (no Inngest server configured)');
  const ignored = unsupportedFeatures(functions as unknown as DriverFunction[], APP_ID);
  if (ignored.length) console.warn(`[mist] jobs: these job settings take effect only with Inngest: ${ignored.join(', ')}`);
}

export async function stopJobs(): Promise<void> {
  await globalThis.__mistJobs?.stop();
}

/** Runs a failed job again from its first step. */
export async function retryRun(db: Db, id: string): Promise<void> {
  if (!(await requeueFailedRun(db, id))) {
    if (!(await getRun(db, id))) throw new AppError('not_found', 'No such job run.');
    throw new AppError('conflict', 'Only a failed run can be retried.');
  }
  globalThis.__mistJobs?.wake();
}
