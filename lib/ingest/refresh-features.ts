import 'server-only';
import { getTrackRow } from '@/db/queries/tracks';
import { featuresStage, type IngestContext } from './stages';
import { cleanWorkDir } from './workspace';

export type FeaturesRefresh = { extractorVersion: number } | { skipped: string };

/**
 * Analyses a ready track's audio again with this extractor (features and embedding, as
 * ingest does); the track stays playable throughout and nothing else about it changes. A
 * track that cannot be analysed now (deleted meanwhile, its original gone or unreadable) is
 * skipped with the reason, and the next refresh tries it again.
 */
export async function refreshTrackFeatures(c: IngestContext, trackId: string): Promise<FeaturesRefresh> {
  try {
    const { extractorVersion } = await featuresStage(c, trackId);
    return { extractorVersion };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  } finally {
    // The fetched original, unless the track is being processed again and needs it.
    const row = await getTrackRow(c.db, trackId).catch(() => undefined);
    if (!row || row.status === 'ready') cleanWorkDir(trackId);
  }
}
