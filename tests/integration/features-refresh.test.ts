import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTrackFeatures, getTrackRow, insertTrack, listTracksWithOutdatedFeatures, upsertTrackFeatures } from '@/db/queries/tracks';
import { jobRuns, trackFeatures } from '@/db/schema';
import { featuresRefreshRequested } from '@/inngest/events';
import { enqueue } from '@/lib/jobs';
import { EXTRACTOR_VERSION } from '@/lib/media/features';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { createLocalStorage } from '@/lib/storage/local';
import { originalKey } from '@/lib/tracks/keys';
import { BOTH_DATABASES } from '../helpers/db';
import { openApp, type OpenApp } from '../helpers/app';
import { waitFor } from '../helpers/jobs';

// A new audio analyser (EXTRACTOR_VERSION) must reach the tracks already in the library:
// similar tracks only compare embeddings of one version, so until then old tracks have no
// neighbours among new ones.

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-refresh-media-'));
const storage = createLocalStorage(mediaRoot);
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('mist-refresh-audio-');
});
afterAll(async () => {
  await removeTempDirs();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

describe.each(BOTH_DATABASES)('re-analysing tracks an older extractor measured, on %s', (_name, open) => {
  let app: OpenApp;
  const ids: Record<string, string> = {};
  const measured: Record<string, number[]> = {};
  /** An embedding no real track has: what an "older extractor" left behind. */
  const PLANTED = Array(48).fill(1 / Math.sqrt(48));

  // Ready tracks with their originals in storage, as ingest leaves them (the refresh reads
  // nothing else), measured by an older extractor.
  beforeAll(async () => {
    app = await openApp(open, { jobs: true, storage });
    for (const kind of ['sine', 'chord', 'noise'] as const) {
      const track = await insertTrack(app.h.db, { title: kind, status: 'ready', durationMs: 3000, originalFilename: `${kind}.wav`, originalKey: `originals/${kind}`, declaredContentType: 'audio/wav' });
      await storage.putFile(originalKey(track.id), await makeTestAudio(dir, kind, 3), { contentType: 'audio/wav' });
      await upsertTrackFeatures(app.h.db, track.id, { extractorVersion: EXTRACTOR_VERSION - 1, embedding: PLANTED, raw: {} });
      ids[kind] = track.id;
    }
  });
  afterAll(() => app?.stop());

  const db = () => app.h.db;
  const age = (id: string) => db().update(trackFeatures).set({ extractorVersion: EXTRACTOR_VERSION - 1, embedding: PLANTED }).where(eq(trackFeatures.trackId, id));

  const finishedRuns = async () =>
    (await db().select().from(jobRuns)).filter((r) => r.functionId.endsWith('-refresh-track-features') && (r.status === 'completed' || r.status === 'failed'));

  it('re-analyses every outdated track in the background, which stays ready and playable, and skips one it cannot read', async () => {
    expect(await listTracksWithOutdatedFeatures(db(), EXTRACTOR_VERSION, { after: null, limit: 10 })).toHaveLength(3);
    // The noise track's original is gone: it cannot be analysed, the others still are.
    await storage.delete(originalKey(ids.noise!));

    const before = (await finishedRuns()).length;
    await enqueue({ name: featuresRefreshRequested.name, data: {} });
    const [run] = await waitFor('the refresh run to finish', async () => ((await finishedRuns()).length > before ? (await finishedRuns()).slice(before) : undefined), 60_000);
    expect(run!.status).toBe('completed');
    // What /admin/jobs shows for the run: two analysed, the unreadable one named with why.
    expect(run!.output).toMatchObject({ extractorVersion: EXTRACTOR_VERSION, analysed: 2, skipped: [{ trackId: ids.noise, reason: expect.stringContaining('no longer in storage') }], continues: false });

    for (const kind of ['sine', 'chord']) {
      const features = (await getTrackFeatures(db(), ids[kind]!))!;
      expect(features.extractorVersion).toBe(EXTRACTOR_VERSION);
      expect(features.embedding).not.toEqual(PLANTED);
      measured[kind] = features.embedding;
      expect((await getTrackRow(db(), ids[kind]!))!.status).toBe('ready');
    }
    // A sine and a chord do not sound alike: each got an embedding of its own.
    expect(measured.sine).not.toEqual(measured.chord);
    expect((await getTrackFeatures(db(), ids.noise!))!.extractorVersion).toBe(EXTRACTOR_VERSION - 1);
    expect((await getTrackRow(db(), ids.noise!))!.status).toBe('ready');
    expect(await listTracksWithOutdatedFeatures(db(), EXTRACTOR_VERSION, { after: null, limit: 10 })).toEqual([ids.noise]);
  });

  it('continues after the track a previous run reached, and leaves up-to-date tracks alone', async () => {
    const sorted = Object.values(ids).sort();
    for (const id of sorted) await age(id);
    const untouched = (await getTrackFeatures(db(), sorted[0]!))!.createdAt;

    const before = (await finishedRuns()).length;
    await enqueue({ name: featuresRefreshRequested.name, data: { after: sorted[0]! } });
    await waitFor('the refresh run to finish', async () => (await finishedRuns()).length > before, 60_000);

    const first = (await getTrackFeatures(db(), sorted[0]!))!;
    expect(first.extractorVersion).toBe(EXTRACTOR_VERSION - 1);
    expect(first.createdAt).toEqual(untouched);
    for (const id of sorted.slice(1).filter((id) => id !== ids.noise)) {
      const features = (await getTrackFeatures(db(), id))!;
      expect(features.extractorVersion).toBe(EXTRACTOR_VERSION);
      // The same audio measures the same again.
      const kind = Object.keys(ids).find((k) => ids[k] === id)!;
      features.embedding.forEach((x, i) => expect(x).toBeCloseTo(measured[kind]![i]!, 5));
    }
  });
});
