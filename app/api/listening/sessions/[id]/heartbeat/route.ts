import { parseCookieHeader } from '@/lib/http/cookies';
import { jsonSourceOf } from '@/lib/http/handlers';
import { siteOf } from '@/lib/http/origin';
import { answerHeartbeatRequest } from '@/lib/listening/heartbeat-route';

type Ctx = { params: Promise<{ id: string }> };

/**
 * The owner's player reports `{ positionMs, heardMs, seq, ended? }` → 200 `{ counted, heardMs,
 * ended }`. JSON or, from `navigator.sendBeacon`, text/plain holding JSON. In production
 * node:http answers it before Next (lib/listening/heartbeat-route.ts), with the same code.
 */
export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  return answerHeartbeatRequest({
    sessionId: (await ctx.params).id,
    authorization: req.headers.get('authorization'),
    cookies: parseCookieHeader(req.headers.get('cookie')),
    forwardedProto: req.headers.get('x-forwarded-proto'),
    body: jsonSourceOf(req),
    site: siteOf(req),
  });
}
