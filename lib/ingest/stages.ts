import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NonRetriableError } from 'inngest';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/tracks';
import { invalidateTrack } from '@/lib/cache/tracks';
import { extractFeatures } from '@/lib/media/features';
import { MediaError } from '@/lib/media/errors';
import { encodeHls } from '@/lib/media/hls';
import { measureLoudness } from '@/lib/media/loudness';
import { readTags } from '@/lib/media/metadata';
import { probeAudio } from '@/lib/media/probe';
import type { resolveMediaTools } from '@/lib/media/tools';
import { forgetKeyGrants } from '@/lib/playback/key-grants';
import { objectOptionsFor } from '@/lib/storage/mime';
import { sha256OfFile } from '@/lib/tracks/content-hash';
import type { Storage } from '@/lib/storage/types';
import { coverKeyOf, keyUriOf, masterKeyOf, trackPrefix, versionPrefix } from '@/lib/tracks/keys';
import { cleanWorkDir, ensureOriginal, workDir } from './workspace';

const DELETED_MEANWHILE = 'The track was deleted while it was being processed.';

export type IngestContext = { db: Db; storage: Storage; tools: ReturnType<typeof resolveMediaTools>; maxDurationSeconds: number };

/** Media errors a retry cannot fix end the run at once, with their message for the admin. */
async function media<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MediaError && error.code !== 'tool_missing' && error.code !== 'encode_failed') throw new NonRetriableError(error.message);
    throw error;
  }
}

export async function probeStage(c: IngestContext, trackId: string, version: number) {
  await q.updateTrackIf(c.db, trackId, ['uploaded', 'processing'], { status: 'processing', stage: 'checking the file', progress: 2, error: null });
  const file = await ensureOriginal(c.storage, trackId);
  await recordContentHash(c, trackId, version, file);
  const info = await media(() => probeAudio(c.tools, file, { maxDurationSeconds: c.maxDurationSeconds }));
  await q.updateTrack(c.db, trackId, { codec: info.codec, sampleRate: info.sampleRate, channels: info.channels, durationMs: info.durationMs, progress: 5 });
  return { durationMs: info.durationMs };
}

/**
 * The original's sha-256, when MIST did not see the bytes arrive (a presigned S3 upload). A
 * new upload of a file the library has fails here, naming that track, and (as every failed
 * first upload) loses its original. A track processed again keeps going either way.
 */
async function recordContentHash(c: IngestContext, trackId: string, version: number, file: string) {
  const track = await q.getTrackRow(c.db, trackId);
  if (!track || track.contentSha256) return;
  const holder = await q.claimContentHash(c.db, trackId, await sha256OfFile(file));
  if (!holder || version > 1) return;
  await q.updateTrack(c.db, trackId, { duplicateOf: holder.id });
  throw new NonRetriableError(`Duplicate of "${holder.title}" (track ${holder.id}): this file is already in the library, so nothing was kept.`);
}

/**
 * Encrypted HLS in three bitrates, uploaded under tracks/<id>/v<version>/, with a key and IV
 * of this version's own: processing a track again never reuses the old ones.
 */
export async function encodeStage(c: IngestContext, trackId: string, version: number, durationMs: number) {
  const file = await ensureOriginal(c.storage, trackId);
  const key = await q.ensureTrackKey(c.db, trackId, version, { keyHex: randomBytes(16).toString('hex'), ivHex: randomBytes(16).toString('hex') });
  const outDir = path.join(workDir(trackId), `hls-v${version}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  let last = 0;
  const result = await media(() =>
    encodeHls(c.tools, {
      input: file,
      outDir,
      key: Buffer.from(key.keyHex, 'hex'),
      iv: Buffer.from(key.ivHex, 'hex'),
      keyUri: keyUriOf(trackId, version),
      durationMs,
      onProgress: (fraction) => {
        const progress = 5 + Math.floor(fraction * 65);
        if (progress >= last + 5) {
          last = progress;
          void q.updateTrack(c.db, trackId, { progress, stage: 'encoding' }).catch(() => {});
        }
      },
    }),
  );
  await q.updateTrack(c.db, trackId, { stage: 'storing the streams' });
  const prefix = versionPrefix(trackId, version);
  for (const rel of result.files) {
    await c.storage.putFile(prefix + rel, path.join(outDir, rel), objectOptionsFor(prefix + rel));
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  await q.updateTrack(c.db, trackId, { progress: 72 });
  return { files: result.files.length, variants: result.variants.map((v) => v.name) };
}

export async function featuresStage(c: IngestContext, trackId: string) {
  const file = await ensureOriginal(c.storage, trackId);
  const features = await extractFeatures({ file, ffmpegPath: c.tools.ffmpeg });
  await q.upsertTrackFeatures(c.db, trackId, { extractorVersion: features.extractorVersion, embedding: features.embedding, raw: features.raw as unknown as Record<string, unknown> });
  return { extractorVersion: features.extractorVersion, framesAnalysed: features.framesAnalysed };
}

/** Tags become the track's title, artist and album rows; the cover is stored as an image. */
export async function metadataStage(c: IngestContext, trackId: string, version: number) {
  const track = await q.getTrackRow(c.db, trackId);
  if (!track || track.status === 'deleting') throw new NonRetriableError(DELETED_MEANWHILE);
  const tags = await readTags(await ensureOriginal(c.storage, trackId));
  let coverKey: string | null = null;
  if (tags.cover) {
    coverKey = coverKeyOf(trackId, version, tags.cover.ext);
    await c.storage.putBytes(coverKey, tags.cover.data, { ...objectOptionsFor(coverKey), contentType: tags.cover.mime });
  }
  const artistName = tags.artist ?? tags.albumArtist;
  const artistId = artistName ? await q.upsertArtist(c.db, artistName, tags.musicbrainz.artistId) : null;
  const albumArtistId = tags.albumArtist ? await q.upsertArtist(c.db, tags.albumArtist) : artistId;
  const albumId = tags.album && albumArtistId ? await q.upsertAlbum(c.db, { title: tags.album, artistId: albumArtistId, year: tags.year, musicbrainzId: tags.musicbrainz.albumId, coverKey }) : null;
  await q.updateTrack(c.db, trackId, {
    title: tags.title ?? track.title,
    artistId,
    albumId,
    trackNo: tags.trackNo,
    discNo: tags.discNo,
    year: tags.year,
    genre: tags.genre,
    musicbrainzRecordingId: tags.musicbrainz.recordingId,
    coverKey,
    progress: 90,
    stage: 'reading tags',
  });
  return { title: tags.title ?? track.title, cover: !!coverKey };
}

export async function loudnessStage(c: IngestContext, trackId: string) {
  const loud = await media(async () => measureLoudness(c.tools, await ensureOriginal(c.storage, trackId)));
  await q.updateTrack(c.db, trackId, { integratedLufs: loud.integratedLufs, loudnessRange: loud.loudnessRange, truePeakDb: loud.truePeakDb, gainDb: loud.gainDb });
  return loud;
}

/**
 * `ready` only when the master, every variant and the key are in place. Older versions go,
 * their keys with them: a key that leaked before decrypts nothing listeners get now.
 */
export async function publishStage(c: IngestContext, trackId: string, version: number) {
  const prefix = versionPrefix(trackId, version);
  const stored = new Set(await c.storage.list(prefix));
  const needed = [masterKeyOf(trackId, version), ...['64k', '128k', '192k'].map((v) => `${prefix}${v}/index.m3u8`)];
  const missing = needed.filter((k) => !stored.has(k));
  if (missing.length) throw new Error(`Publishing found missing files: ${missing.join(', ')}`);
  if (!(await q.hasTrackKey(c.db, trackId, version))) throw new Error('Publishing found no key for this version of the track.');
  // An older version (before a reprocess) is no longer needed.
  for (const key of await c.storage.list(trackPrefix(trackId))) {
    if (!key.startsWith(prefix)) await c.storage.delete(key);
  }
  // Never brings back a track that was deleted (hidden) meanwhile.
  const published = await q.updateTrackIf(c.db, trackId, ['processing', 'ready'], { status: 'ready', progress: 100, stage: null, error: null, masterKey: masterKeyOf(trackId, version), readyAt: new Date() });
  if (!published) throw new NonRetriableError(DELETED_MEANWHILE);
  await q.deleteOlderTrackKeys(c.db, trackId, version);
  await invalidateTrack(trackId); // a reprocess may have changed tags, cover and loudness
  forgetKeyGrants(); // grants remembered for the old key
  cleanWorkDir(trackId);
  return { ready: true };
}

/**
 * The run failed for good: the track says why, and nothing half-made stays. A first upload
 * loses its original too; a reprocess keeps the original so it can be tried again.
 */
export async function failTrack(c: Pick<IngestContext, 'db' | 'storage'>, trackId: string, version: number, reason: string) {
  await c.storage.deletePrefix(versionPrefix(trackId, version));
  cleanWorkDir(trackId);
  const track = await q.getTrackRow(c.db, trackId);
  if (!track || track.status === 'deleting') return; // its deletion removes the rest
  if (track.status === 'ready' && version > 1) {
    // A reprocess failed: listeners keep the version they had.
    await q.deleteTrackKey(c.db, trackId, version);
    await q.updateTrack(c.db, trackId, { error: `Processing again failed: ${reason}`, stage: null, progress: 100 });
    return;
  }
  if (version === 1) {
    await c.storage.deletePrefix(trackPrefix(trackId));
    await c.storage.deletePrefix(`originals/${trackId}/`);
    await q.deleteTrackKey(c.db, trackId);
    await q.deleteTrackFeatures(c.db, trackId);
  }
  // Without its original the track can never play: its file may be uploaded again.
  const released = version === 1 ? { contentSha256: null } : {};
  await q.updateTrack(c.db, trackId, { status: 'failed', error: reason, stage: null, progress: 0, masterKey: null, readyAt: null, ...released });
  await invalidateTrack(trackId);
  forgetKeyGrants();
}
