import { randomBytes } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';

// Pages a visitor without a session cookie is sent to sign in from.
const SIGNED_IN_ONLY = /^\/(?:admin|account|albums|artists|tracks)(?:\/|$)|^\/(?:search|history)\/?$/;

/**
 * Every page gets its Content-Security-Policy here, with a fresh nonce that Next puts on its
 * own scripts (it reads the nonce from the request's copy of the header; every page is
 * rendered per request anyway: app/layout.tsx). And redirects only: a visitor without a
 * session cookie goes to sign in. Whether the session is valid, and whether its user may see
 * the page, is checked by the page itself.
 */
export function proxy(req: NextRequest) {
  const env = getEnv();
  const policy = contentSecurityPolicy(randomBytes(16).toString('base64'), env);
  const res = needsSignIn(req) ? toSignIn(req) : withPolicy(req, policy);
  res.headers.set('content-security-policy', policy);
  for (const [name, value] of Object.entries(securityHeaders(env))) res.headers.set(name, value);
  return res;
}

function needsSignIn(req: NextRequest): boolean {
  const hasSession = req.cookies.has('next-auth.session-token') || req.cookies.has('__Secure-next-auth.session-token');
  return !hasSession && SIGNED_IN_ONLY.test(req.nextUrl.pathname);
}

function toSignIn(req: NextRequest): NextResponse {
  const url = req.nextUrl.clone();
  url.pathname = '/signin';
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

function withPolicy(req: NextRequest, policy: string): NextResponse {
  const headers = new Headers(req.headers);
  headers.set('content-security-policy', policy);
  return NextResponse.next({ request: { headers } });
}

// Pages, as browsers load them: requests without a body. Next reads the whole body of a
// request the proxy runs on, and keeps a copy for it, before the page or action sees it: so
// not the API, nor server actions (a page POST; its response carries the other headers, and
// Next reads its body within the action's own limit). Nor /media and Next's static files:
// those get the other headers from the server entry (lib/http/security-headers.ts). Literal
// values only: Next reads this at build time.
export const config = {
  matcher: [{ source: '/((?!api/|_next/static/|_next/image|media/|favicon.ico).*)', missing: [{ type: 'header', key: 'content-length' }, { type: 'header', key: 'transfer-encoding' }] }],
};
