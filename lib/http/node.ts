import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { clientIp } from './client-ip';
import { parseCookieHeader } from './cookies';
import { type JsonBodySource, tooLarge } from './handlers';

// For the routes answered straight from node:http, before Next's router (see
// scripts/lib/server-entry.mjs): the request read as Next would hand it to the route.

declare global {
  // Read by scripts/lib/server-entry.mjs (npm start, Docker, tests); set at boot.
  var __mistFastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
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

/** The request body as a JSON source for readJsonBody: read only when asked, never past `maxBytes`. */
export function nodeJsonBody(req: IncomingMessage): JsonBodySource {
  return {
    contentType: first(req.headers['content-type']) ?? null,
    contentLength: first(req.headers['content-length']) ?? null,
    text: (maxBytes) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.removeAllListeners('data');
            req.resume(); // the rest is drained, unread; the answer closes the connection
            reject(tooLarge());
          } else chunks.push(chunk);
        });
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        // The client went away mid-body: nothing to answer, nothing to log.
        const cut = () => reject(new AppError('bad_request', 'The request body did not arrive whole.'));
        req.on('error', cut);
        req.on('close', () => !req.complete && cut());
      }),
  };
}

/** Writes a route's Response; anything unexpected on the way is a bare 500. */
export function sendFromNode(res: ServerResponse, response: Promise<Response>): void {
  response
    .then(async (r) => {
      const body = Buffer.from(await r.arrayBuffer());
      const headers = Object.fromEntries(r.headers);
      if (r.status === 413) headers.connection = 'close';
      res.writeHead(r.status, headers);
      res.end(body);
    })
    .catch(() => {
      res.statusCode = 500;
      res.end();
    });
}
