import 'server-only';
import { getDb } from '@/db';
import { type Credentials, listenerOrThrow } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/errors';
import { uuidOrNull } from '@/lib/http/handlers';
import { keyForListener } from './key-grants';
import { limitKeyRequest } from './key-limits';

export type KeyRequest = Credentials & { trackId: string; clientIp: string };

/**
 * GET /api/tracks/<id>/key, answered from plain request facts so that it needs nothing of
 * Next's request context: 200 with the 16 bytes, or the error as every route answers it.
 */
export async function answerKeyRequest(request: KeyRequest): Promise<Response> {
  try {
    const listener = await listenerOrThrow(request);
    const env = getEnv();
    const key = await keyForListener(await getDb(), listener, uuidOrNull(request.trackId), {
      sessionMaxAgeMs: env.MIST_LISTENING_SESSION_HOURS * 3_600_000,
      cacheMs: env.MIST_KEY_GRANT_CACHE_SECONDS * 1000,
      limit: () => limitKeyRequest(listener.userId, request.clientIp),
    });
    return new Response(new Uint8Array(key), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, no-store', 'content-length': '16' } });
  } catch (error) {
    return errorResponse(error);
  }
}
