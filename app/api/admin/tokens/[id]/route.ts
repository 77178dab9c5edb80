import { getDb } from '@/db';
import { revokeToken } from '@/db/queries/tokens';
import { AppError } from '@/lib/errors';
import { uuidParam, withAdmin } from '@/lib/http/handlers';

type Ctx = { params: Promise<{ id: string }> };

/** Admins: revokes any account's token. */
export const DELETE = withAdmin<Ctx>(async (_req, ctx) => {
  if (!(await revokeToken(await getDb(), uuidParam((await ctx.params).id, 'token')))) throw new AppError('not_found', 'No such token, or it is already revoked.');
  return new Response(null, { status: 204 });
});
