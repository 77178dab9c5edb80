import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials } from '@/lib/auth/session';
import { clientIp } from './client-ip';
import { parseCookieHeader } from './cookies';
import { nodeRequestBody } from './body';
import type { JsonBodySource } from './handlers';

// For the routes answered straight from node:http, before Next's router (see
// scripts/lib/server-entry.mjs): the request read as Next would hand it to the route.

declare global {
  // Read by scripts/lib/server-entry.mjs (npm start, Docker, tests); set at boot.
  var __mistFastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  var __mistResponseHeaders: Record<string, string> | undefined;
}

/** Headers the server entry sets on every response, before Next or a fast path answers. */
export function registerResponseHeaders(headers: Record<string, string>): void {
  globalThis.__mistResponseHeaders = headers;
}

/** Installs the handler that may answer a request before Next: true when it took it. */
export function registerFastPath(answer: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  globalThis.__mistFastPath = answer;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Who the request says it is. X-Forwarded-Proto defaults to the socket's, as in Next (the
 * server entry has dropped it unless a trusted proxy sent it).
 */
export function nodeCredentials(req: IncomingMessage): Credentials {
  return {
    authorization: req.headers.authorization ?? null,
    cookies: parseCookieHeader(req.headers.cookie),
    forwardedProto: first(req.headers['x-forwarded-proto']) ?? ('encrypted' in req.socket ? 'https' : 'http'),
  };
}

/** The client as rate limits count it, decided by the server entry (see client-ip.ts). */
export function nodeClientIp(req: IncomingMessage): string {
  return clientIp(req.headers);
}

/** The request body as a JSON source for readJsonBody: read only when asked, never past its limit. */
export function nodeJsonBody(req: IncomingMessage): JsonBodySource {
  return {
    contentType: first(req.headers['content-type']) ?? null,
    contentLength: first(req.headers['content-length']) ?? null,
    body: nodeRequestBody(req),
  };
}

/** Writes a route's Response; anything unexpected on the way is a bare 500. */
export function sendFromNode(res: ServerResponse, response: Promise<Response>): void {
  response
    .then(async (r) => {
      const body = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(body);
    })
    .catch(() => {
      res.statusCode = 500;
      res.end();
    });
}
