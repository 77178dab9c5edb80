import { eq } from 'drizzle-orm';
import { NonRetriableError, RetryAfterError } from 'inngest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { getRun, requeueFailedRun } from '@/db/queries/jobs';
import { jobRuns } from '@/db/schema';
import type { EmbeddedDriver } from '@/lib/jobs/driver';
import { BOTH_DATABASES } from '../helpers/db';
import { testClient, testDriver, TEST_APP, waitFor } from '../helpers/jobs';

// The contract test: real functions, the real serve handler from inngest/next, the driver,
// PGlite and PostgreSQL. If an SDK upgrade changes the protocol, these fail.
const { client, signingKey } = testClient();
const ran: Record<string, number> = {};
const bump = (key: string) => (ran[key] = (ran[key] ?? 0) + 1);
const side = { running: 0, most: 0 };
let inFlight = 0;
let maxInFlight = 0;
const failures: { runId: string; message: string }[] = [];

const fn = (id: string, options: Record<string, unknown>, handler: Parameters<typeof client.createFunction>[1]) =>
  client.createFunction({ id, triggers: [{ event: `test/${id}` }], ...options } as never, handler);

const functions = [
  fn('steps', {}, async ({ step, event }) => {
    const a = await step.run('first', () => bump('steps.first') && (event.data as { n: number }).n);
    const b = await step.run('second', () => bump('steps.second') && a * 2);
    const [c, d] = await Promise.all([step.run('left', () => bump('steps.left') && 'L'), step.run('right', () => bump('steps.right') && 'R')]);
    const e = await step.run('after-parallel', () => bump('steps.after') && `${c}${d}`);
    return { a, b, e };
  }),
  fn('sleeper', {}, async ({ step }) => {
    await step.run('before', () => bump('sleeper.before'));
    await step.sleep('nap', '1s');
    return step.run('after', () => bump('sleeper.after') && 'awake');
  }),
  fn('flaky', { retries: 3 }, async ({ step }) =>
    step.run('sometimes', () => {
      if (bump('flaky') < 3) throw new Error('not yet');
      return 'finally';
    }),
  ),
  fn('polite', { retries: 2 }, async ({ step }) =>
    step.run('busy', () => {
      if (bump('polite') === 1) throw new RetryAfterError('rate limited upstream', '120s');
      return 'done';
    }),
  ),
  fn(
    'doomed',
    { retries: 2, onFailure: async ({ event, error, step }: { event: { data: { run_id: string } }; error: Error; step: { run: (id: string, f: () => unknown) => Promise<unknown> } }) => {
      await step.run('clean-up', () => failures.push({ runId: event.data.run_id, message: error.message }));
    } },
    async ({ step }) => step.run('never-works', () => {
      bump('doomed');
      throw new Error('the disk is on fire');
    }),
  ),
  fn('refused', { retries: 5 }, async ({ step }) =>
    step.run('validate', () => {
      bump('refused');
      throw new NonRetriableError('this file is not audio');
    }),
  ),
  fn('one-at-a-time', { concurrency: 1 }, async ({ step }) =>
    step.run('work', async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 40));
      inFlight--;
      return bump('serial');
    }),
  ),
  fn('side-by-side', {}, async ({ step }) => {
    // Each request replays the function, so the counters live outside it.
    const work = (name: string) =>
      step.run(name, async () => {
        side.most = Math.max(side.most, ++side.running);
        await new Promise((r) => setTimeout(r, 150));
        side.running--;
        return name;
      });
    await Promise.all([work('encode'), work('analyse')]);
    return side.most;
  }),
  fn('waits-for-event', {}, async ({ step }) => step.waitForEvent('approval', { event: 'test/approved', timeout: '1h' })),
];

let h: DbHandle;
let stop: () => Promise<void>;
let driver: EmbeddedDriver;

async function runFor(functionId: string, eventId: string) {
  const [row] = await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, eventId));
  expect(row?.functionId).toBe(`${TEST_APP}-${functionId}`);
  return row!;
}

const finished = (eventId: string) =>
  waitFor(`run for ${eventId} to finish`, async () => {
    const [row] = await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, eventId));
    return row && (row.status === 'completed' || row.status === 'failed') ? row : undefined;
  });

describe.each(BOTH_DATABASES)('the embedded driver, through the real serve handler, on %s', (_name, open) => {
  beforeAll(async () => {
    // The functions count their work outside themselves: start each database at zero.
    for (const key of Object.keys(ran)) delete ran[key];
    failures.length = 0;
    Object.assign(side, { running: 0, most: 0 });
    inFlight = maxInFlight = 0;
    ({ h, stop } = await open());
    driver = testDriver(h.db, signingKey, client, functions);
    driver.start();
  });
  afterAll(async () => {
    await driver?.stop();
    await stop?.();
  });

  it('runs sequential and parallel steps once each and stores the result', async () => {
    const [id] = await driver.enqueue([{ name: 'test/steps', data: { n: 21 } }]);
    const run = await finished(id!);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ a: 21, b: 42, e: 'LR' });
    expect(ran).toMatchObject({ 'steps.first': 1, 'steps.second': 1, 'steps.left': 1, 'steps.right': 1, 'steps.after': 1 });
    expect(run.stack).toHaveLength(5);
    expect(run.parallel).toBe(true);
  });

  it('runs the same event id once, however often it is enqueued', async () => {
    await driver.enqueue([{ name: 'test/steps', data: { n: 1 }, id: 'once-only' }]);
    await driver.enqueue([{ name: 'test/steps', data: { n: 1 }, id: 'once-only' }]);
    await finished('once-only');
    expect(await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, 'once-only'))).toHaveLength(1);
  });

  it('sleeps without holding a worker, then resumes after the sleep', async () => {
    const [id] = await driver.enqueue([{ name: 'test/sleeper' }]);
    const sleeping = await waitFor('the run to sleep', async () => {
      const row = await runFor('sleeper', id!);
      return row.status === 'sleeping' ? row : undefined;
    });
    expect(sleeping.leaseOwner).toBeNull();
    expect(sleeping.nextRunAt.getTime() - Date.now()).toBeGreaterThan(300);
    const run = await finished(id!);
    expect(run.output).toBe('awake');
    expect(run.finishedAt!.getTime() - run.startedAt!.getTime()).toBeGreaterThanOrEqual(900);
    expect(ran['sleeper.before']).toBe(1);
  });

  it('retries a failing step with backoff until it succeeds', async () => {
    const [id] = await driver.enqueue([{ name: 'test/flaky' }]);
    const run = await finished(id!);
    expect(run).toMatchObject({ status: 'completed', output: 'finally' });
    expect(ran.flaky).toBe(3);
  });

  it('waits as long as a RetryAfterError asks', async () => {
    const [id] = await driver.enqueue([{ name: 'test/polite' }]);
    const waiting = await waitFor('the retry to be scheduled', async () => {
      const row = await runFor('polite', id!);
      return row.attempt === 1 ? row : undefined;
    });
    expect(waiting.status).toBe('queued');
    expect(waiting.error).toMatch(/rate limited upstream/);
    expect(waiting.nextRunAt.getTime() - Date.now()).toBeGreaterThan(100_000);
    // Time passes: bring the retry forward instead of waiting two minutes.
    await h.db.update(jobRuns).set({ nextRunAt: new Date() }).where(eq(jobRuns.id, waiting.id));
    driver.wake();
    expect((await finished(id!)).output).toBe('done');
  });

  it('marks a run failed after its retries, runs onFailure, leaves nothing running', async () => {
    const [id] = await driver.enqueue([{ name: 'test/doomed' }]);
    const run = await finished(id!);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/the disk is on fire/);
    expect(ran.doomed).toBe(3);
    const failure = await finished(`${run.id}:failure`);
    expect(failure).toMatchObject({ status: 'completed', functionId: `${TEST_APP}-doomed-failure` });
    expect(failures).toEqual([{ runId: run.id, message: expect.stringMatching(/the disk is on fire/) }]);
    const active = await h.db.select().from(jobRuns).where(eq(jobRuns.functionId, `${TEST_APP}-doomed`));
    expect(active.every((r) => r.status === 'failed' && r.leaseOwner === null)).toBe(true);
  });

  it('does not retry a NonRetriableError', async () => {
    const [id] = await driver.enqueue([{ name: 'test/refused' }]);
    const run = await finished(id!);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/this file is not audio/);
    expect(ran.refused).toBe(1);
  });

  it('retries a failed run from the first step when asked', async () => {
    const [id] = await driver.enqueue([{ name: 'test/refused', id: 'retry-me' }]);
    const run = await finished(id!);
    expect(await requeueFailedRun(h.db, run.id)).toBe(true);
    driver.wake();
    await waitFor('the second attempt', async () => ran.refused === 3);
    expect((await finished(id!)).status).toBe('failed');
    const [completed] = await driver.enqueue([{ name: 'test/flaky', id: 'already-fine' }]);
    expect(await requeueFailedRun(h.db, (await finished(completed!)).id)).toBe(false);
    expect((await getRun(h.db, run.id))!.status).toBe('failed');
  });

  it('honours the function’s concurrency limit', async () => {
    const ids = await driver.enqueue([1, 2, 3, 4].map(() => ({ name: 'test/one-at-a-time' })));
    for (const id of ids) await finished(id);
    expect(ran.serial).toBe(4);
    expect(maxInFlight).toBe(1);
  });

  it('runs parallel steps at the same time', async () => {
    const [id] = await driver.enqueue([{ name: 'test/side-by-side' }]);
    expect((await finished(id!)).output).toBe(2);
  });

  it('fails a run that needs a step the driver cannot run, saying so', async () => {
    const [id] = await driver.enqueue([{ name: 'test/waits-for-event' }]);
    const run = await finished(id!);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/cannot run "WaitForEvent" steps.*Configure Inngest/);
  });
});
