import 'server-only';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import { getUserSessionState } from '@/db/queries/users';
import type { UserRole } from '@/db/schema';
import { authCookieIsSecure } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { CookieJar } from '@/lib/http/cookies';
import { userForBearer } from './api-tokens';
import { getAuthOptions } from './options';
import { decryptSessionJwt } from './session-jwt';

export type CurrentUser = { id: string; email: string; displayName: string; role: UserRole };

/** What a session cookie says, once decrypted: whose it is, and which session version. */
export type SessionToken = { userId: string; sessionVersion: number };

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
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  return { userId, sessionVersion: token.sv ?? 0 };
}

/**
 * The signed-in user, checked against the database on every request: a disabled account,
 * a changed password or a changed role takes effect at once, whatever the cookie says.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const session = await readSessionToken(cookieStore, headerStore.get('x-forwarded-proto'));
  if (!session) return null;
  const state = await getUserSessionState(await getDb(), session.userId);
  if (!state || state.disabled || state.sessionVersion !== session.sessionVersion) return null;
  return { id: state.id, email: state.email, displayName: state.displayName, role: state.role };
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

/**
 * For route handlers: the session's user, or the owner of an API token sent as
 * `Authorization: Bearer`; 401 / 403 as AppErrors.
 */
export async function userOrThrow(role?: 'admin'): Promise<CurrentUser> {
  const authorization = (await headers()).get('authorization');
  const user = authorization ? await userForBearer(await getDb(), authorization) : await getCurrentUser();
  if (authorization && !user) throw new AppError('unauthorized', 'This API token is not valid (revoked, or its account is disabled).');
  if (!user) throw new AppError('unauthorized', 'Sign in first.');
  if (role === 'admin' && user.role !== 'admin') throw new AppError('forbidden', 'Only admins may do this.');
  return user;
}

/** What a request says about who sends it, outside Next's request context. */
export type Credentials = { authorization: string | null; cookies: CookieJar; forwardedProto: string | null };

/**
 * For a route that checks the account in its own query (the key route): who the request
 * says it is, from an API token (its account checked here) or a session cookie (decrypted
 * only; the caller compares its session version with the account). 401 as an AppError.
 */
export async function listenerOrThrow(credentials: Credentials): Promise<{ userId: string; sessionVersion?: number }> {
  if (credentials.authorization) {
    const user = await userForBearer(await getDb(), credentials.authorization);
    if (!user) throw new AppError('unauthorized', 'This API token is not valid (revoked, or its account is disabled).');
    return { userId: user.id };
  }
  const session = await readSessionToken(credentials.cookies, credentials.forwardedProto);
  if (!session) throw new AppError('unauthorized', 'Sign in first.');
  return session;
}
