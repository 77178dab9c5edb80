import { z } from 'zod';
import type { Db } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { getTrackRow } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';

export const sessionInput = z.strictObject({ trackId: z.uuid('Give the id of a track') });

export const masterUrlOf = (trackId: string) => `/api/tracks/${trackId}/hls/master.m3u8`;

/** A listener starts a track: the session that entitles their player to its key. */
export async function startListeningSession(db: Db, userId: string, raw: unknown, userAgent: string | null) {
  const { trackId } = sessionInput.parse(raw);
  const track = await getTrackRow(db, trackId);
  if (!track || track.status !== 'ready') throw new AppError('not_found', 'No such track.');
  const session = await insertListeningSession(db, { userId, trackId, clientInfo: userAgent?.slice(0, 300) ?? null });
  return { sessionId: session.id, masterUrl: masterUrlOf(trackId) };
}

