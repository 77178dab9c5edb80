'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { changePassword, updateProfile } from '@/lib/accounts';
import { requireUser } from '@/lib/auth/session';
import { runAction, type ActionResult } from '@/lib/http/action-result';

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
    await changePassword(await getDb(), user.id, { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') });
    return 'Password changed. Every other device was signed out.';
  });
}
