import 'server-only';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import type { ApiTokenScope, UserRole } from '@/db/schema';
import { authCookieIsSecure } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { CookieJar } from '@/lib/http/cookies';
import { type BearerUser, userForBearer } from './api-tokens';
import { type SessionToken, sessionIsLive, sessionUser } from './auth-sessions';
import { getAuthOptions } from './options';
import { scopesAllow } from './token-scopes';
import { decryptSessionJwt } from './session-jwt';

/** The signed-in user; `sessionId` is the browser's session, absent for an API token. */
export type CurrentUser = { id: string; email: string; displayName: string; role: UserRole; sessionId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decrypts the session cookie as next-auth's session endpoint does (same secret, cookie
 * name and expiry check; see session-jwt.ts), without its callbacks or re-encrypting a
 * fresh cookie that no one would receive. Only the cookie: never an Authorization header.
 */
export async function readSessionToken(cookieSource: CookieJar, forwardedProto: string | null): Promise<SessionToken | null> {
  const { secret } = await getAuthOptions();
  // getToken reads `req.cookies` (any getAll()) and, with no cookie, a Bearer header: none given.
  const req = { cookies: cookieSource, headers: {} } as unknown as Parameters<typeof getToken>[0]['req'];
  const token = await getToken({
    req,
    secret,
    secureCookie: authCookieIsSecure(forwardedProto),
    decode: async (params) => (params.token && typeof params.secret === 'string' ? decryptSessionJwt(params.token, params.secret) : null),
  });
  const userId = token?.sub;
  // A cookie from before sessions were recorded has no session id: it counts as signed out.
  if (!userId || !UUID.test(userId) || typeof token.sid !== 'string' || !UUID.test(token.sid)) return null;
  return { userId, sessionId: token.sid.toLowerCase(), sessionVersion: token.sv ?? 0 };
}

/**
 * The signed-in user, checked against the database on every request: a disabled account,
 * a changed password, a changed role or a signed-out session takes effect at once,
 * whatever the cookie says.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const session = await readSessionToken(cookieStore, headerStore.get('x-forwarded-proto'));
  return session ? sessionUser(await getDb(), session) : null;
});

/** For pages and server actions: sends anonymous visitors to sign in. */
export async function requireUser(returnTo = '/'): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For pages and server actions: anonymous visitors sign in, plain users get a 403 page. */
export async function requireAdmin(returnTo = '/admin'): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (user.role !== 'admin') forbidden();
  return user;
}

/** What a route asks of its caller: an admin or any user, and for an API token, one of these scopes. */
export type Requirement = { role?: 'admin'; scopes: readonly ApiTokenScope[] };

const invalidToken = () => new AppError('unauthorized', 'This API token is not valid (revoked, or its account is disabled).');

/** The bearer's user, if the token may do what needs one of `scopes`; 401 / 403 as AppErrors. */
async function bearerOrThrow(authorization: string, scopes: readonly ApiTokenScope[]): Promise<BearerUser> {
  const user = await userForBearer(await getDb(), authorization);
  if (!user) throw invalidToken();
  if (!scopesAllow(user.scopes, scopes)) {
    const wanted = scopes.map((s) => `"${s}"`).join(' or ');
    throw new AppError('forbidden', `This API token may not do this: it needs the ${wanted} scope (it has ${user.scopes.map((s) => `"${s}"`).join(', ') || 'none'}). An admin makes tokens under Admin → API tokens.`);
  }
  return user;
}

/**
 * For route handlers: the session's user, or the owner of an API token sent as
 * `Authorization: Bearer` with a scope the route accepts; 401 / 403 as AppErrors.
 */
export async function userOrThrow(need: Requirement): Promise<CurrentUser> {
  const authorization = (await headers()).get('authorization');
  const user: CurrentUser | null = authorization ? await bearerOrThrow(authorization, need.scopes) : await getCurrentUser();
  if (!user) throw new AppError('unauthorized', 'Sign in first.');
  if (need.role === 'admin' && user.role !== 'admin') throw new AppError('forbidden', 'Only admins may do this.');
  return user;
}

/** What a request says about who sends it, outside Next's request context. */
export type Credentials = { authorization: string | null; cookies: CookieJar; forwardedProto: string | null };

/**
 * For a route that checks the account in its own query (the key and heartbeat routes): who
 * the request says it is, from an API token with the `listen` scope (its account checked
 * here) or a session cookie whose session is still signed in (see sessionIsLive; the
 * caller compares its session version with the account). 401 / 403 as AppErrors.
 */
export async function listenerOrThrow(credentials: Credentials): Promise<{ userId: string; sessionVersion?: number }> {
  if (credentials.authorization) return { userId: (await bearerOrThrow(credentials.authorization, ['listen'])).id };
  const session = await readSessionToken(credentials.cookies, credentials.forwardedProto);
  if (!session || !(await sessionIsLive(await getDb(), session))) throw new AppError('unauthorized', 'Sign in first.');
  return { userId: session.userId, sessionVersion: session.sessionVersion };
}
