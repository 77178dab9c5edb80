'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { changePassword, updateProfile } from '@/lib/accounts';
import { endAllAuthSessions, endAuthSession } from '@/lib/auth/auth-sessions';
import { getSignInLimiter } from '@/lib/auth/options';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { clientIp } from '@/lib/http/client-ip';
import { uuidParam } from '@/lib/http/handlers';

export async function updateProfileAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser('/account');
    await updateProfile(await getDb(), user.id, { displayName: form.get('displayName') });
    revalidatePath('/', 'layout');
    return 'Your display name was saved.';
  });
}

export async function changePasswordAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser('/account');
    const ip = clientIp(await headers());
    // The current password is guessed under the same limits (and counters) as at sign-in.
    const input = { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword'), revokeTokens: form.get('revokeTokens') === 'on' };
    const { tokensRevoked } = await changePassword(await getDb(), user.id, input, (email, verify) => getSignInLimiter().attempt(ip, email, verify));
    const tokens = tokensRevoked ? ` ${tokensRevoked} API token${tokensRevoked === 1 ? ' was' : 's were'} revoked.` : '';
    return `Password changed. Every other device was signed out.${tokens}`;
  });
}

/** Signs one of your own browsers out (the account page's list); another account's session is "no such session". */
export async function signOutSessionAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser('/account');
    if (!(await endAuthSession(await getDb(), user.id, uuidParam(form.get('sessionId'), 'session')))) {
      throw new AppError('not_found', 'No such session: it may have signed out already.');
    }
    revalidatePath('/account');
    return 'That device was signed out.';
  });
}

/** Every session of the account ends, this one too; the page then clears this browser's cookie. */
export async function signOutEverywhereAction(_prev: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser('/account');
    await endAllAuthSessions(await getDb(), user.id);
    return 'Signed out everywhere.';
  });
}
