import { getDb } from '@/db';
import { deleteTrackRow, listStaleUploads } from '@/db/queries/tracks';
import { getStorage } from '@/lib/storage';
import { finishDeletions } from '@/lib/tracks/admin';
import { originalKey } from '@/lib/tracks/keys';
import { inngest } from '../../client';

/**
 * Hourly: uploads started but never completed (a closed tab, a dead connection) are removed
 * after a day, and deletions left half-done (storage failed, a crash) are finished.
 */
export const cleanStaleUploads = inngest.createFunction({ id: 'clean-stale-uploads', triggers: [{ cron: 'TZ=UTC 15 * * * *' }], concurrency: 1 }, async ({ step }) => {
  const stale = await step.run('delete-stale-uploads', async () => {
    const db = await getDb();
    const storage = getStorage();
    const ids = await listStaleUploads(db, new Date(Date.now() - 24 * 3_600_000));
    for (const id of ids) {
      await storage.delete(originalKey(id)).catch(() => {});
      await deleteTrackRow(db, id);
    }
    return { deleted: ids.length };
  });
  const deletions = await step.run('finish-deletions', async () => finishDeletions(await getDb(), getStorage(), new Date(Date.now() - 5 * 60_000)));
  return { ...stale, deletions };
});
