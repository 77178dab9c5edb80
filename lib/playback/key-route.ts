import 'server-only';
import { getDb } from '@/db';
import { type Credentials, listenerOrThrow } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/errors';
import { uuidOrNull } from '@/lib/http/handlers';
import { keyForListener } from './key-grants';
import { limitKeyRequest } from './key-limits';

/** `version` is the raw `?v=` of the key URI: the HLS version the playlist was made for. */
export type KeyRequest = Credentials & { trackId: string; version: string | null; clientIp: string };

const VERSION = /^[1-9][0-9]{0,8}$/;

/**
 * GET /api/tracks/<id>/key?v=<version>, answered from plain request facts so that it needs
 * nothing of Next's request context: 200 with the 16 bytes, or the error as every route
 * answers it. A malformed version is answered as an unknown track.
 */
export async function answerKeyRequest(request: KeyRequest): Promise<Response> {
  try {
    const listener = await listenerOrThrow(request);
    const env = getEnv();
    const badVersion = request.version !== null && !VERSION.test(request.version);
    const key = await keyForListener(
      await getDb(),
      listener,
      badVersion ? null : uuidOrNull(request.trackId),
      {
        sessionMaxAgeMs: env.MIST_LISTENING_SESSION_HOURS * 3_600_000,
        cacheMs: env.MIST_KEY_GRANT_CACHE_SECONDS * 1000,
        limit: () => limitKeyRequest(listener.userId, request.clientIp),
      },
      request.version === null || badVersion ? null : Number(request.version),
    );
    return new Response(new Uint8Array(key), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, no-store', 'content-length': '16' } });
  } catch (error) {
    return errorResponse(error);
  }
}
