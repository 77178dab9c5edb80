import { getDb } from '@/db';
import { listTokens } from '@/db/queries/tokens';
import { createApiToken } from '@/lib/auth/api-tokens';
import { readJson, withAdmin } from '@/lib/http/handlers';

/** Admins: their API tokens (never the tokens themselves). */
export const GET = withAdmin(async (_req, _ctx, admin) => Response.json({ tokens: await listTokens(await getDb(), admin.id) }));

/** Admins: `{ name }` → 201 `{ id, name, prefix, token }`; the token is shown this once. */
export const POST = withAdmin(async (req, _ctx, admin) => {
  const created = await createApiToken(await getDb(), admin.id, await readJson(req));
  return Response.json(created, { status: 201 });
});
