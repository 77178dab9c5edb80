import 'server-only';
import { NextRequest } from 'next/server';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { clientIp } from './client-ip';
import type { ApiTokenScope } from '@/db/schema';
import { type CurrentUser, userOrThrow } from '@/lib/auth/session';
import { AppError, errorResponse } from '@/lib/errors';
import { describeWait } from '@/lib/rate-limit/sign-in';
import { MAX_JSON_BYTES, readBounded } from './body';
import { assertSameSite, siteOf } from './origin';

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler<C> = (req: Request, ctx: C) => Promise<Response> | Response;

/**
 * Every route handler goes through here: a state-changing request sent from another site is
 * refused (403) before anything else, and errors become `{ error: { code, message } }`.
 */
export function withErrors<C = RouteContext>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      assertSameSite(siteOf(req));
      return await handler(req, ctx);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Any signed-in user; an API token needs one of `scopes` (by default `listen`). */
export function withUser<C = RouteContext>(handler: (req: Request, ctx: C, user: CurrentUser) => Promise<Response>, scopes: readonly ApiTokenScope[] = ['listen']) {
  return withErrors<C>(async (req, ctx) => handler(req, ctx, await userOrThrow({ scopes })));
}

/** Admins only; an admin's API token needs one of `scopes` (by default `admin`). */
export function withAdmin<C = RouteContext>(handler: (req: Request, ctx: C, user: CurrentUser) => Promise<Response>, scopes: readonly ApiTokenScope[] = ['admin']) {
  return withErrors<C>(async (req, ctx) => handler(req, ctx, await userOrThrow({ role: 'admin', scopes })));
}

/** Limits a handler per client address; over the limit answers 429 with Retry-After. */
export function withRateLimit<C = RouteContext>(limiter: () => RateLimiterAbstract, what: string, handler: Handler<C>) {
  return withErrors<C>(async (req, ctx) => {
    try {
      await limiter().consume(clientIp(req.headers));
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const seconds = Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000));
      throw new AppError('rate_limited', `Too many ${what} from your address. Try again in ${describeWait(seconds)}.`, { retryAfterSeconds: seconds });
    }
    return handler(req, ctx);
  });
}

/** What a JSON body is read from: the request's headers and its body, not yet read. */
export type JsonBodySource = { contentType: string | null; contentLength: string | null; body: ReadableStream<Uint8Array> | null };

/**
 * Reads a JSON body (bounded as it arrives: readBounded); the caller validates it. Every
 * failure says why. `beacon` also takes text/plain, which is what `navigator.sendBeacon`
 * sends for a string.
 */
export async function readJsonBody(source: JsonBodySource, options: { beacon?: boolean } = {}): Promise<unknown> {
  const type = source.contentType ?? '';
  if (!type.includes('application/json') && !(options.beacon && type.startsWith('text/plain'))) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  const text = (await readBounded(source.body, MAX_JSON_BYTES, source.contentLength)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/** readJsonBody for a route handler's Request. */
export function readJson(req: Request, options: { beacon?: boolean } = {}): Promise<unknown> {
  return readJsonBody(jsonSourceOf(req), options);
}

export function jsonSourceOf(req: Request): JsonBodySource {
  return { contentType: req.headers.get('content-type'), contentLength: req.headers.get('content-length'), body: req.body };
}

/**
 * The same request with its body read into memory within `maxBytes` (413 past it), for code
 * that reads the body itself without a limit (next-auth, the Inngest SDK).
 */
export async function withBoundedBody(req: NextRequest, maxBytes: number): Promise<NextRequest> {
  if (req.method === 'GET' || req.method === 'HEAD') return req;
  const body = await readBounded(req.body, maxBytes, req.headers.get('content-length'));
  return new NextRequest(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID, lower-cased, or null for anything else. */
export function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

/** Route ids are UUIDs; anything else is a 404, never a database error. */
export function uuidParam(value: unknown, what = 'item'): string {
  const id = uuidOrNull(value);
  if (!id) throw new AppError('not_found', `No such ${what}.`);
  return id;
}
