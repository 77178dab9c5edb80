import { getDb } from '@/db';
import { listTracksWithOutdatedFeatures } from '@/db/queries/tracks';
import { ingestContext } from '@/lib/ingest/context';
import { refreshTrackFeatures } from '@/lib/ingest/refresh-features';
import { EXTRACTOR_VERSION } from '@/lib/media/features';
import { inngest } from '../../client';
import { featuresRefreshRequested } from '../../events';

/** Tracks one run analyses; a longer catalog continues in a run of its own. */
export const TRACKS_PER_RUN = 200;

/**
 * A new extractor (EXTRACTOR_VERSION) makes the stored embeddings incomparable with new
 * ones (similar tracks only compare one version). This re-analyses, one track per step,
 * the ready tracks an older extractor measured: at start when there are any, hourly, and
 * in runs of TRACKS_PER_RUN that each start the next from where they stopped.
 */
export const refreshFeatures = inngest.createFunction(
  { id: 'refresh-track-features', triggers: [{ cron: 'TZ=UTC 35 * * * *' }, featuresRefreshRequested], concurrency: 1, retries: 2 },
  async ({ event, step }) => {
    const after = (event.data as { after?: string }).after ?? null;
    const ids = await step.run('find-outdated-tracks', async () => listTracksWithOutdatedFeatures(await getDb(), EXTRACTOR_VERSION, { after, limit: TRACKS_PER_RUN }));
    let analysed = 0;
    const skipped: { trackId: string; reason: string }[] = [];
    for (const trackId of ids) {
      const result = await step.run(`analyse ${trackId}`, async () => refreshTrackFeatures(await ingestContext(), trackId));
      if ('skipped' in result) skipped.push({ trackId, reason: result.skipped });
      else analysed++;
    }
    const continues = ids.length === TRACKS_PER_RUN;
    if (continues) {
      await step.run('continue-after-last', async () => {
        // Imported here: lib/jobs serves this very module's function list.
        const { enqueue } = await import('@/lib/jobs');
        await enqueue({ name: featuresRefreshRequested.name, data: { after: ids.at(-1) } });
      });
    }
    return { extractorVersion: EXTRACTOR_VERSION, analysed, skipped, continues };
  },
);
