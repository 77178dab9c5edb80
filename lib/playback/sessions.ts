import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { openListeningSession } from '@/db/queries/listening';
import { getTrackMeta } from '@/lib/cache/tracks';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { consumeOrRefuse, createLimiter } from '@/lib/rate-limit/store';

/** A player's id for itself: MIST's web player makes a random one per browser tab. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const sessionInput = z.strictObject({
  trackId: z.uuid('Give the id of a track'),
  deviceId: z.string().regex(DEVICE_ID, 'A device id is 8 to 64 letters, digits, - or _').optional(),
});

/**
 * Live sessions a listener may have at once: a person hears one stream at a time, but may
 * have MIST open on a phone, a laptop and a few tabs. Past this, starting a session
 * supersedes the ones heard from least recently.
 */
export const MAX_LIVE_SESSIONS = 5;

export const masterUrlOf = (trackId: string) => `/api/tracks/${trackId}/hls/master.m3u8`;

// Module state, not globalThis: only the sessions route starts sessions, so one bundle holds
// it and a process has one counter (with REDIS_URL, every instance shares it).
let sessionStarts: RateLimiterAbstract | undefined;

/** Session starts per listener per minute; over it: 429 with Retry-After. */
async function limitSessionStart(userId: string): Promise<void> {
  sessionStarts ??= createLimiter({ keyPrefix: 'session-user', points: getEnv().MIST_SESSIONS_MAX_PER_MINUTE_USER, durationSeconds: 60 });
  await consumeOrRefuse('Too many tracks started', [[sessionStarts, userId]]);
}

/**
 * A listener starts a track: the session that entitles their player to its key. It
 * supersedes the same device's previous session, and past MAX_LIVE_SESSIONS the least
 * recently heard (see openListeningSession); its heard time counts once its key is fetched.
 */
export async function startListeningSession(db: Db, userId: string, raw: unknown, userAgent: string | null) {
  const { trackId, deviceId } = sessionInput.parse(raw);
  await limitSessionStart(userId);
  // Cached metadata of ready tracks only: edits, deletes and failed reprocesses invalidate it.
  if (!(await getTrackMeta(db, trackId))) throw new AppError('not_found', 'No such track.');
  const session = await openListeningSession(db, { userId, trackId, clientInfo: userAgent?.slice(0, 300) ?? null, deviceId: deviceId ?? null }, MAX_LIVE_SESSIONS);
  return { sessionId: session.id, masterUrl: masterUrlOf(trackId) };
}
