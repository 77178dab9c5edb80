'use server';

import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { getDb } from '@/db';
import { revokeToken } from '@/db/queries/tokens';
import { createApiToken } from '@/lib/auth/api-tokens';
import { requireAdmin } from '@/lib/auth/session';
import { AppError, toAppError } from '@/lib/errors';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { uuidParam } from '@/lib/http/handlers';

export type CreatedToken = { ok: true; token: string; name: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> } | null;

/** The token is in the result this once; it is stored only as a hash. Scopes: the ticked boxes. */
export async function createTokenAction(_prev: CreatedToken, form: FormData): Promise<CreatedToken> {
  try {
    const admin = await requireAdmin('/admin/tokens');
    const created = await createApiToken(await getDb(), admin.id, { name: form.get('name'), scopes: form.getAll('scopes') });
    revalidatePath('/admin/tokens');
    return { ok: true, token: created.token, name: created.name };
  } catch (error) {
    unstable_rethrow(error);
    const e = toAppError(error);
    return { ok: false, message: e.message, fieldErrors: e.details.fieldErrors };
  }
}

/** Any account's token: admins decide for every token on the server. */
export async function revokeTokenAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/tokens');
    if (!(await revokeToken(await getDb(), uuidParam(form.get('tokenId'), 'token')))) throw new AppError('not_found', 'No such token, or it is already revoked.');
    revalidatePath('/admin/tokens');
    return 'Revoked.';
  });
}
