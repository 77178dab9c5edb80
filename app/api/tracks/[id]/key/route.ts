import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { clientIp } from '@/lib/http/client-ip';
import { uuidParam, withUser } from '@/lib/http/handlers';
import { limitKeyRequest } from '@/lib/playback/key-limits';
import { keyForListener } from '@/lib/playback/sessions';

type Ctx = { params: Promise<{ id: string }> };

/**
 * The AES-128 key of a ready track, for a signed-in listener with a recent listening
 * session for it: 401 anonymous, 403 no session, 404 unknown or not ready, 429 over the
 * limit. Never cached, never logged.
 */
export const GET = withUser<Ctx>(async (req, ctx, user) => {
  const trackId = uuidParam((await ctx.params).id, 'track');
  await limitKeyRequest(user.id, clientIp(req.headers));
  const key = await keyForListener(await getDb(), user.id, trackId, getEnv().MIST_LISTENING_SESSION_HOURS * 3_600_000);
  return new Response(new Uint8Array(key), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, no-store', 'content-length': '16' } });
});
