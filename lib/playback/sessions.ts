import { z } from 'zod';
import type { Db } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { getTrackMeta } from '@/lib/cache/tracks';
import { AppError } from '@/lib/errors';

export const sessionInput = z.strictObject({ trackId: z.uuid('Give the id of a track') });

export const masterUrlOf = (trackId: string) => `/api/tracks/${trackId}/hls/master.m3u8`;

/** A listener starts a track: the session that entitles their player to its key. */
export async function startListeningSession(db: Db, userId: string, raw: unknown, userAgent: string | null) {
  const { trackId } = sessionInput.parse(raw);
  // Cached metadata of ready tracks only: edits, deletes and failed reprocesses invalidate it.
  if (!(await getTrackMeta(db, trackId))) throw new AppError('not_found', 'No such track.');
  const session = await insertListeningSession(db, { userId, trackId, clientInfo: userAgent?.slice(0, 300) ?? null });
  return { sessionId: session.id, masterUrl: masterUrlOf(trackId) };
}

