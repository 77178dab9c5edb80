'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { changePassword, updateProfile } from '@/lib/accounts';
import { getSignInLimiter } from '@/lib/auth/options';
import { requireUser } from '@/lib/auth/session';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { clientIp } from '@/lib/http/client-ip';

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
    await changePassword(await getDb(), user.id, { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') }, (email, verify) =>
      getSignInLimiter().attempt(ip, email, verify),
    );
    return 'Password changed. Every other device was signed out.';
  });
}
