import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from '@/lib/auth/options';
import { SIGN_IN_ERRORS } from '@/lib/auth/sign-in-errors';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/errors';
import { MAX_JSON_BYTES } from '@/lib/http/body';
import { withBoundedBody } from '@/lib/http/handlers';
import { assertSameSite, siteOf } from '@/lib/http/origin';

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  try {
    assertSameSite(siteOf(req));
    // next-auth reads the whole body itself: it gets one read within the JSON limit.
    const response: Response = await NextAuth(await getAuthOptions())(await withBoundedBody(req, MAX_JSON_BYTES), ctx);
    return (await asTooManyRequests(response)) ?? response;
  } catch (error) {
    return errorResponse(error);
  }
}

/** A rate-limited sign-in keeps next-auth's body (its client reads it) but answers 429. */
async function asTooManyRequests(response: Response): Promise<Response | undefined> {
  if (response.status !== 401 || !response.headers.get('content-type')?.includes('application/json')) return;
  const body = await response.clone().text();
  if (!body.includes(`error=${SIGN_IN_ERRORS.rateLimited}`)) return;
  const headers = new Headers(response.headers);
  headers.set('retry-after', String(getEnv().MIST_SIGNIN_WINDOW_SECONDS));
  return new Response(body, { status: 429, headers });
}

export { handler as GET, handler as POST };
