import { ingestContext } from '@/lib/ingest/context';
import { encodeStage, failTrack, featuresStage, loudnessStage, metadataStage, probeStage, publishStage } from '@/lib/ingest/stages';
import { inngest } from '../../client';
import { trackUploaded } from '../../events';

type Uploaded = { trackId: string; version: number };

/**
 * Upload → encrypted HLS, tags, loudness, features → ready. One step per stage, each
 * idempotent (deterministic storage keys, upserts); see lib/ingest/README.md.
 */
export const processTrack = inngest.createFunction(
  {
    id: 'process-track',
    triggers: [trackUploaded],
    retries: 2,
    concurrency: 2,
    onFailure: async ({ event, error }) => {
      const { trackId, version } = (event.data as { event: { data: Uploaded } }).event.data;
      await failTrack(await ingestContext(), trackId, version, error.message || 'Processing failed.');
    },
  },
  async ({ event, step }) => {
    const { trackId, version } = event.data as Uploaded;
    const { durationMs } = await step.run('probe', async () => probeStage(await ingestContext(), trackId, version));
    // Encoding takes one core; feature extraction and loudness share the other.
    await Promise.all([
      step.run('encode-hls', async () => encodeStage(await ingestContext(), trackId, version, durationMs)),
      step.run('features', async () => featuresStage(await ingestContext(), trackId)),
      step.run('loudness', async () => loudnessStage(await ingestContext(), trackId)),
    ]);
    await step.run('metadata', async () => metadataStage(await ingestContext(), trackId, version));
    return step.run('publish', async () => publishStage(await ingestContext(), trackId, version));
  },
);
