import { getDb } from '@/db';
import { listAllTokens } from '@/db/queries/tokens';
import { createApiToken } from '@/lib/auth/api-tokens';
import { readJson, withAdmin } from '@/lib/http/handlers';

/** Admins: every account's API tokens with their owners and scopes (never the tokens themselves). */
export const GET = withAdmin(async () => Response.json({ tokens: await listAllTokens(await getDb()) }));

/** Admins: `{ name, scopes }` → 201 `{ id, name, prefix, scopes, createdAt, token }`; the token is shown this once. */
export const POST = withAdmin(async (req, _ctx, admin) => {
  const created = await createApiToken(await getDb(), admin.id, await readJson(req));
  return Response.json(created, { status: 201 });
});
