import { getDb } from '@/db';
import { adminUpdateUser } from '@/lib/accounts';
import { readJson, uuidParam, withAdmin } from '@/lib/http/handlers';

type Ctx = { params: Promise<{ id: string }> };

/** Admins only: `{ role?: "user" | "admin", disabled?: boolean }`; the last admin stays. */
export const PATCH = withAdmin<Ctx>(async (req, ctx, admin) => {
  const id = uuidParam((await ctx.params).id, 'user');
  const user = await adminUpdateUser(await getDb(), admin.id, id, await readJson(req));
  return Response.json({ user });
});
