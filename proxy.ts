import { NextResponse, type NextRequest } from 'next/server';

/**
 * Redirects only: a visitor without a session cookie goes to sign in. Whether the session
 * is valid, and whether its user may see the page, is checked by the page itself.
 */
export function proxy(req: NextRequest) {
  const hasSession = req.cookies.has('next-auth.session-token') || req.cookies.has('__Secure-next-auth.session-token');
  if (hasSession) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = '/signin';
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/admin/:path*', '/account/:path*', '/search', '/history', '/albums/:path*', '/artists/:path*', '/tracks/:path*'] };
