import { getDb } from '@/db';
import { buildNeighbours } from '@/lib/recommend/neighbours';
import { inngest } from '../../client';
import { recommendationsRebuildRequested } from '../../events';

/**
 * Hourly, and when an admin asks: co-listening neighbours from the plays counted since the
 * last run. One step: the build keeps its own place (a watermark moved by each batch's
 * transaction), so a step repeated after a crash continues where the last batch committed.
 */
export const buildTrackNeighbours = inngest.createFunction(
  { id: 'build-track-neighbours', triggers: [{ cron: 'TZ=UTC 17 * * * *' }, recommendationsRebuildRequested], concurrency: 1, retries: 2 },
  async ({ step }) => step.run('read-new-plays', async () => buildNeighbours(await getDb())),
);
