import type { IncomingMessage } from 'node:http';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

/** What a request says about who sent it from where: all a cross-site check needs. */
export type RequestSite = {
  method: string;
  /** The Host header, as Next and node:http give it. */
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  authorization: string | null;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether `origin` (an Origin header) is MIST's own: MIST_PUBLIC_URL's origin when it is set,
 * else the host the request was sent to (its Host header; the scheme is not known for sure
 * behind a proxy, so host and port are compared). The one place MIST's origin is decided: a
 * trusted proxy's X-Forwarded-Host, if it ever counts, belongs here.
 */
export function isMistOrigin(origin: string, host: string | null): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything malformed
  }
  const publicUrl = getEnv().MIST_PUBLIC_URL;
  if (publicUrl) return from.origin === new URL(publicUrl).origin;
  if (!host) return false;
  try {
    // Read the Host with the origin's scheme, so an explicit default port (":443") compares equal.
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * Refuses a state-changing request that a browser sent on its user's behalf from another
 * site or origin (cross-site request forgery; a page on another port of the same host is
 * same-site, so SameSite cookies alone do not stop it). As Go's http.CrossOriginProtection
 * decides: GET, HEAD and OPTIONS pass; `Sec-Fetch-Site` (every current browser sends it) must
 * be same-origin; without it, `Origin` must be MIST's. A request with neither header is not
 * a browser acting for someone (browsers send Origin on every cross-origin POST): a CLI or
 * curl holding its own credentials, allowed. `Authorization: Bearer` requests are exempt: a
 * browser never attaches a token by itself.
 */
export function crossSiteRefusal(site: RequestSite): AppError | null {
  if (SAFE_METHODS.has(site.method.toUpperCase())) return null;
  if (/^Bearer\s/i.test(site.authorization ?? '')) return null;
  const fetchSite = site.secFetchSite?.toLowerCase();
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none' ? null : refused();
  if (!site.origin) return null;
  return isMistOrigin(site.origin, site.host) ? null : refused();
}

const refused = () => new AppError('forbidden', 'This request came from another site and was refused. Send it from MIST itself, or with an API token.');

/** crossSiteRefusal, thrown. */
export function assertSameSite(site: RequestSite): void {
  const refusal = crossSiteRefusal(site);
  if (refusal) throw refusal;
}

/** The facts of a route handler's Request. */
export function siteOf(req: Request): RequestSite {
  const h = req.headers;
  return { method: req.method, host: h.get('host'), origin: h.get('origin'), secFetchSite: h.get('sec-fetch-site'), authorization: h.get('authorization') };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** The facts of a node:http request (the routes answered before Next's router). */
export function nodeSiteOf(req: IncomingMessage): RequestSite {
  const h = req.headers;
  return { method: req.method ?? 'GET', host: first(h.host), origin: first(h.origin), secFetchSite: first(h['sec-fetch-site']), authorization: first(h.authorization) };
}
