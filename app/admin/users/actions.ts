'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { adminUpdateUser } from '@/lib/accounts';
import { requireAdmin } from '@/lib/auth/session';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { uuidParam } from '@/lib/http/handlers';

/** Changes one user's role or disabled state; the form says which. */
export async function updateUserAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireAdmin('/admin/users');
    const id = uuidParam(form.get('userId'), 'user');
    const patch = form.has('role') ? { role: form.get('role') } : { disabled: form.get('disabled') === 'true' };
    const user = await adminUpdateUser(await getDb(), admin.id, id, patch);
    revalidatePath('/admin/users');
    if ('role' in patch) return `${user.displayName} is now ${user.role === 'admin' ? 'an admin' : 'a listener'}.`;
    return `${user.displayName} is ${user.disabled ? 'disabled' : 'enabled'}.`;
  });
}
