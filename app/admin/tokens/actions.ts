'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { revokeToken } from '@/db/queries/tokens';
import { createApiToken } from '@/lib/auth/api-tokens';
import { requireAdmin } from '@/lib/auth/session';
import { AppError, toAppError } from '@/lib/errors';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { uuidParam } from '@/lib/http/handlers';
import { unstable_rethrow } from 'next/navigation';

export type CreatedToken = { ok: true; token: string; name: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> } | null;

/** The token is in the result this once; it is stored only as a hash. */
export async function createTokenAction(_prev: CreatedToken, form: FormData): Promise<CreatedToken> {
  try {
    const admin = await requireAdmin('/admin/tokens');
    const created = await createApiToken(await getDb(), admin.id, { name: form.get('name') });
    revalidatePath('/admin/tokens');
    return { ok: true, token: created.token, name: created.name };
  } catch (error) {
    unstable_rethrow(error);
    const e = toAppError(error);
    return { ok: false, message: e.message, fieldErrors: e.details.fieldErrors };
  }
}

export async function revokeTokenAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireAdmin('/admin/tokens');
    if (!(await revokeToken(await getDb(), admin.id, uuidParam(form.get('tokenId'), 'token')))) throw new AppError('not_found', 'No such token, or it is already revoked.');
    revalidatePath('/admin/tokens');
    return 'Revoked.';
  });
}
