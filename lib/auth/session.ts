import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import { getUserSessionState } from '@/db/queries/users';
import type { UserRole } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { userForBearer } from './api-tokens';
import { getAuthOptions } from './options';

export type CurrentUser = { id: string; email: string; displayName: string; role: UserRole };

/**
 * The signed-in user, checked against the database on every request: a disabled account,
 * a changed password or a changed role takes effect at once, whatever the cookie says.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(await getAuthOptions());
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const state = await getUserSessionState(await getDb(), id);
  if (!state || state.disabled || state.sessionVersion !== session.user.sv) return null;
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
