import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp } from '@/lib/http/client-ip';
import { parseCookieHeader } from '@/lib/http/cookies';
import { answerKeyRequest } from './key-route';

declare global {
  // Read by scripts/lib/server-entry.mjs (npm start, Docker, tests), before Next's router.
  var __mistKeyFastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
}

// Exactly the route's own path; a percent-encoded or odd-looking id is left to Next.
const KEY_PATH = /^\/api\/tracks\/([0-9A-Za-z-]{1,64})\/key(?:\?.*)?$/;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Answers GET /api/tracks/<id>/key straight from node:http with the
 * route's own code (answerKeyRequest), skipping Next's per-request work. Reads the request
 * as Next would hand it to the route: X-Forwarded-Proto and -For default to the socket's.
 * Returns false for anything else, which then goes to Next unchanged.
 */
export function answerKeyFromNode(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const match = KEY_PATH.exec(req.url ?? '');
  if (!match) return false;
  const h = req.headers;
  answerKeyRequest({
    trackId: match[1]!,
    authorization: h.authorization ?? null,
    cookies: parseCookieHeader(h.cookie),
    forwardedProto: first(h['x-forwarded-proto']) ?? ('encrypted' in req.socket ? 'https' : 'http'),
    clientIp: clientIp({ ...h, 'x-forwarded-for': h['x-forwarded-for'] ?? req.socket.remoteAddress }),
  })
    .then(async (response) => {
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    })
    .catch(() => {
      res.statusCode = 500;
      res.end();
    });
  return true;
}

export function registerKeyFastPath(): void {
  globalThis.__mistKeyFastPath = answerKeyFromNode;
}
