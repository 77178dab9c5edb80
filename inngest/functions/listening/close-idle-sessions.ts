import { getDb } from '@/db';
import { closeIdleSessions } from '@/db/queries/heartbeats';
import { getEnv } from '@/lib/env';
import { inngest } from '../../client';
import { listeningSweepRequested } from '../../events';

const BATCH = 1000;
const MAX_BATCHES = 50;

/**
 * Every five minutes: listening sessions silent for MIST_LISTENING_IDLE_MINUTES are ended, and
 * those never counted as a play are recorded as skips. Each batch is its own step, so a
 * crash repeats at most one (and a repeat finds those sessions already ended).
 */
export const closeIdleListeningSessions = inngest.createFunction(
  { id: 'close-idle-listening-sessions', triggers: [{ cron: 'TZ=UTC */5 * * * *' }, listeningSweepRequested], concurrency: 1, retries: 2 },
  async ({ event, step }) => {
    // From the event's time, so every replay of this run uses the same cut-off.
    const before = new Date((event.ts ?? Date.now()) - getEnv().MIST_LISTENING_IDLE_MINUTES * 60_000);
    const total = { closed: 0, skips: 0 };
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await step.run(`close-batch-${i}`, async () => closeIdleSessions(await getDb(), before, BATCH));
      total.closed += batch.closed;
      total.skips += batch.skips;
      if (batch.closed < BATCH) break;
    }
    return total;
  },
);
