import { z } from 'zod';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/tracks';
import { getCache, type Cache } from '@/lib/cache';
import { invalidateTrack } from '@/lib/cache/tracks';
import { AppError } from '@/lib/errors';
import { forgetKeyGrants } from '@/lib/playback/key-grants';
import type { Storage } from '@/lib/storage/types';
import { originalKey, trackPrefix } from './keys';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Control characters are not allowed');
const optionalInt = (max: number) => z.number('Must be a whole number').int('Must be a whole number').min(1).max(max).nullable().optional();

export const trackEdit = z.strictObject({
  title: text(500).min(1, 'Give a title').optional(),
  artist: text(500).nullable().optional(),
  album: text(500).nullable().optional(),
  genre: text(200).nullable().optional(),
  year: optionalInt(9999),
  trackNo: optionalInt(9999),
  discNo: optionalInt(999),
});

async function existing(db: Db, id: string) {
  const track = await q.getTrackRow(db, id);
  if (!track) throw new AppError('not_found', 'No such track.');
  return track;
}

/** Corrects what the tags said. Artist and album are names: matching rows are found or made. */
export async function editTrack(db: Db, id: string, raw: unknown, cache: Cache = getCache()) {
  const input = trackEdit.parse(raw);
  const track = await existing(db, id);
  const patch: q.TrackPatch = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.genre !== undefined) patch.genre = input.genre || null;
  if (input.year !== undefined) patch.year = input.year;
  if (input.trackNo !== undefined) patch.trackNo = input.trackNo;
  if (input.discNo !== undefined) patch.discNo = input.discNo;
  let artistId = track.artistId;
  if (input.artist !== undefined) patch.artistId = artistId = input.artist ? await q.upsertArtist(db, input.artist) : null;
  if (input.album !== undefined || input.artist !== undefined) {
    const summary = await q.getTrackSummary(db, id);
    const albumTitle = input.album !== undefined ? input.album : summary?.album;
    patch.albumId = albumTitle && artistId ? await q.upsertAlbum(db, { title: albumTitle, artistId, year: input.year ?? track.year }) : null;
  }
  await q.updateTrack(db, id, patch);
  await invalidateTrack(id, cache);
  return (await q.getTrackSummary(db, id))!;
}

/**
 * Removes the track, its media, its original and its keys. Not while it is being processed.
 * The track is hidden first (status `deleting`: listeners, playlists and the key route only
 * ever see `ready` tracks; its file may be uploaded again at once), then its files go, then
 * its row. A crash or a storage failure
 * in between leaves a hidden track, never a visible one without media: deleting it again,
 * or the hourly clean-up (finishDeletions), completes it.
 */
export async function deleteTrack(db: Db, storage: Storage, id: string, cache: Cache = getCache()) {
  const track = await existing(db, id);
  if (track.status === 'processing' || track.status === 'uploaded') {
    throw new AppError('conflict', 'This track is being processed; delete it when processing has ended.');
  }
  if (track.status !== 'deleting' && !(await q.updateTrackIf(db, id, [track.status], { status: 'deleting', stage: 'deleting', progress: 0, contentSha256: null }))) {
    throw new AppError('conflict', 'This track changed meanwhile; try again.');
  }
  await invalidateTrack(id, cache);
  forgetKeyGrants();
  try {
    await removeDeletedTrack(db, storage, id);
  } catch (error) {
    console.error(`[mist] removing the files of deleted track ${id} failed:`, error instanceof Error ? error.message : error);
    throw new AppError('unavailable', 'The track is hidden, but removing its files failed. MIST tries again within the hour; or delete it again.');
  }
}

/** The files of a hidden (`deleting`) track, then its row; its keys and features go with the row. */
async function removeDeletedTrack(db: Db, storage: Storage, id: string) {
  await storage.deletePrefix(trackPrefix(id));
  await storage.deletePrefix(`originals/${id}/`);
  await q.deleteTrackRow(db, id);
}

/** Completes deletions left half-done (a storage failure, a crash) before `before`. */
export async function finishDeletions(db: Db, storage: Storage, before: Date): Promise<{ finished: number; failed: number }> {
  let finished = 0;
  let failed = 0;
  for (const id of await q.listTracksBeingDeleted(db, before)) {
    try {
      await removeDeletedTrack(db, storage, id);
      finished++;
    } catch (error) {
      failed++;
      console.error(`[mist] removing the files of deleted track ${id} failed again:`, error instanceof Error ? error.message : error);
    }
  }
  return { finished, failed };
}

/** Processes the original again into a new version; listeners keep the old one until it is ready. */
export async function reprocessTrack(db: Db, storage: Storage, id: string, enqueue: (e: { name: string; data: Record<string, unknown>; id: string }) => Promise<unknown>) {
  const track = await existing(db, id);
  if (track.status !== 'ready' && track.status !== 'failed') throw new AppError('conflict', 'Only a ready or failed track can be processed again.');
  if (!(await storage.size(originalKey(id)))) throw new AppError('conflict', 'The original file is gone; upload the track again.');
  const version = track.hlsVersion + 1;
  await q.updateTrackIf(db, id, [track.status], { hlsVersion: version, ...(track.status === 'failed' ? { status: 'uploaded', error: null, progress: 0, stage: 'queued' } : {}) });
  await enqueue({ name: 'track/uploaded', data: { trackId: id, version }, id: `track-uploaded:${id}:v${version}` });
}
