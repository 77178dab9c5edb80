import { getDb } from '@/db';
import { deleteFinishedRunsBefore } from '@/db/queries/jobs';
import { getEnv } from '@/lib/env';
import { inngest } from '../../client';
import { jobRunsPruneRequested } from '../../events';

/** Keeps the job history short: finished runs older than MIST_JOB_RETENTION_DAYS go, daily. */
export const pruneJobRuns = inngest.createFunction(
  { id: 'prune-job-runs', triggers: [{ cron: 'TZ=UTC 30 3 * * *' }, jobRunsPruneRequested], concurrency: 1, retries: 2 },
  async ({ event, step }) => {
    const days = event.name === jobRunsPruneRequested.name ? (event.data as { olderThanDays: number }).olderThanDays : getEnv().MIST_JOB_RETENTION_DAYS;
    const deleted = await step.run('delete-finished-runs', async () => deleteFinishedRunsBefore(await getDb(), new Date(Date.now() - days * 86_400_000)));
    return { deleted, olderThanDays: days };
  },
);
