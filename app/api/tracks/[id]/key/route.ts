import { clientIp } from '@/lib/http/client-ip';
import { parseCookieHeader } from '@/lib/http/cookies';
import { answerKeyRequest } from '@/lib/playback/key-route';

type Ctx = { params: Promise<{ id: string }> };

/**
 * The AES-128 key of a ready track's HLS version (`?v=`, as the playlist's key URI says),
 * for a signed-in listener with a recent listening session for it: 401 anonymous, 403 no session, 404 unknown or not ready, 429 over the
 * limit. Never cached by browsers or proxies, never logged. The hottest route: see
 * lib/playback/key-route.ts.
 */
export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  return answerKeyRequest({
    trackId: (await ctx.params).id,
    version: new URL(req.url).searchParams.get('v'),
    authorization: req.headers.get('authorization'),
    cookies: parseCookieHeader(req.headers.get('cookie')),
    forwardedProto: req.headers.get('x-forwarded-proto'),
    clientIp: clientIp(req.headers),
  });
}
