import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { isUniqueViolation } from '@/db/errors';
import * as q from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import type { Storage } from '@/lib/storage/types';
import { UploadTooLargeError } from '@/lib/storage/types';
import { hashingStream } from './content-hash';
import { originalKey } from './keys';

/** File types the upload form and API accept; the content is probed again later, whatever it claims. */
export const AUDIO_EXTENSIONS = ['mp3', 'flac', 'wav', 'wave', 'ogg', 'oga', 'opus', 'm4a', 'aac', 'aif', 'aiff', 'wma', 'mka', 'webm', 'mp4'];
const AUDIO_TYPE = /^(audio\/[a-z0-9.+-]+|application\/ogg|application\/octet-stream|video\/mp4|video\/webm)$/i;

export function uploadSlotInput(maxBytes: number) {
  return z.strictObject({
    filename: z
      .string('Give the file name')
      .trim()
      .min(1, 'Give the file name')
      .max(255, 'At most 255 characters')
      .refine((f) => !/[\u0000-\u001f]/.test(f), 'Control characters are not allowed'),
    size: z
      .number('Give the size in bytes')
      .int('Give the size in bytes')
      .min(1, 'The file is empty')
      .max(maxBytes, `The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB`),
    contentType: z.string().trim().toLowerCase().max(100).default('application/octet-stream'),
    /** Optional: the file's sha-256, so that a duplicate is refused before any byte is sent. */
    sha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, 'Give the sha-256 of the file as 64 hex digits')
      .optional(),
  });
}

/** 409 naming the track that already has these bytes. */
export function duplicateError(existing: q.TrackRef): AppError {
  const state = existing.status === 'ready' ? '' : ` (${existing.status})`;
  return new AppError('duplicate', `This file is already in the library as "${existing.title}"${state}.`, { trackId: existing.id });
}

/** Removes an upload that will not become a track: its original and its row. */
async function discardUpload(db: Db, storage: Storage, track: { id: string; originalKey: string }) {
  await storage.delete(track.originalKey).catch(() => {});
  await q.deleteTrackRow(db, track.id);
}

/** "Some Artist - Song.flac" → "Some Artist - Song": the title until tags say better. */
export function titleFromFilename(filename: string): string {
  const base = path.basename(filename.replace(/\\/g, '/'));
  return base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || base;
}

/** Step 1: a track row in `uploading` and where to send the bytes. */
export async function createUploadSlot(db: Db, storage: Storage, userId: string, raw: unknown, maxBytes: number) {
  const input = uploadSlotInput(maxBytes).parse(raw);
  const ext = path.extname(input.filename).slice(1).toLowerCase();
  if (!AUDIO_EXTENSIONS.includes(ext) || !AUDIO_TYPE.test(input.contentType)) {
    throw new AppError('unsupported_media_type', `"${input.filename}" is not an audio file MIST accepts (${AUDIO_EXTENSIONS.join(', ')}).`);
  }
  // A claim, not proof: it can only refuse this upload. What is stored is hashed by MIST.
  const existing = input.sha256 ? await q.findTrackByContentHash(db, input.sha256) : undefined;
  if (existing) throw duplicateError(existing);
  const id = randomUUID();
  await q.insertTrack(db, {
    id,
    title: titleFromFilename(input.filename),
    originalFilename: input.filename,
    originalKey: originalKey(id),
    declaredContentType: input.contentType,
    sizeBytes: input.size,
    uploadedBy: userId,
  });
  if (storage.presignUpload) {
    const { url, headers } = await storage.presignUpload(originalKey(id), { contentType: input.contentType, size: input.size });
    return { trackId: id, uploadUrl: url, method: 'PUT' as const, headers };
  }
  return { trackId: id, uploadUrl: `/api/uploads/${id}/content`, method: 'PUT' as const, headers: { 'content-type': input.contentType } };
}

/**
 * Step 2 (local storage): the bytes, streamed to disk with the size limit enforced as they
 * arrive, and hashed on the way. A failed or interrupted upload leaves no track and no file
 * behind.
 */
export async function receiveUpload(db: Db, storage: Storage, trackId: string, body: ReadableStream<Uint8Array> | null, maxBytes: number) {
  const track = await q.getTrackRow(db, trackId);
  if (!track) throw new AppError('not_found', 'No such upload.');
  if (track.status !== 'uploading') throw new AppError('conflict', 'This upload is already complete.');
  if (!body) throw new AppError('bad_request', 'Send the file as the request body.');
  try {
    const hashed = hashingStream(body);
    const bytes = await storage.writeStream(track.originalKey, hashed.stream, { contentType: 'application/octet-stream', maxBytes });
    if (bytes === 0) throw new AppError('bad_request', 'The file is empty.');
    await q.updateTrack(db, trackId, { sizeBytes: bytes, contentSha256: hashed.digest() });
    return { bytes };
  } catch (error) {
    await discardUpload(db, storage, track);
    if (error instanceof UploadTooLargeError) throw new AppError('payload_too_large', error.message);
    if (error instanceof AppError) throw error;
    throw new AppError('bad_request', 'The upload was interrupted. Nothing was kept; send the file again.');
  }
}

/**
 * Step 3: the original is in storage; processing starts. Idempotent. When MIST saw the bytes
 * (local storage) and another track has the same, the upload is discarded and the answer is
 * 409 `duplicate` naming that track; bytes sent straight to S3 are checked while processing.
 */
export async function completeUpload(db: Db, storage: Storage, trackId: string, maxBytes: number, enqueue: (e: { name: string; data: Record<string, unknown>; id: string }) => Promise<unknown>) {
  const track = await q.getTrackRow(db, trackId);
  if (!track) throw new AppError('not_found', 'No such upload.');
  if (track.status === 'uploading') {
    const size = await storage.size(track.originalKey);
    if (size === null) throw new AppError('conflict', 'The file has not arrived yet: send it to the upload URL first.');
    if (size === 0) {
      await discardUpload(db, storage, track);
      throw new AppError('bad_request', 'The file is empty.');
    }
    if (size > maxBytes) {
      await discardUpload(db, storage, track);
      throw new AppError('payload_too_large', `The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    }
    try {
      // From here the hash counts (the unique index): of two identical uploads, one wins.
      await q.updateTrackIf(db, trackId, ['uploading'], { status: 'uploaded', sizeBytes: size, stage: 'queued', progress: 0 });
    } catch (error) {
      const existing = isUniqueViolation(error) && track.contentSha256 ? await q.findTrackByContentHash(db, track.contentSha256) : undefined;
      if (!existing) throw error;
      await discardUpload(db, storage, track);
      throw duplicateError(existing);
    }
  }
  const version = track.hlsVersion;
  await enqueue({ name: 'track/uploaded', data: { trackId, version }, id: `track-uploaded:${trackId}:v${version}` });
  return { trackId, status: 'uploaded' as const };
}
