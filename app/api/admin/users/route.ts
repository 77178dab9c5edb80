import { z } from 'zod';
import { getDb } from '@/db';
import { listUsers } from '@/db/queries/users';
import { withAdmin } from '@/lib/http/handlers';

const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Admins only: every account, oldest first, without password hashes. */
export const GET = withAdmin(async (req) => {
  const { searchParams } = new URL(req.url);
  const { limit, offset } = page.parse(Object.fromEntries(searchParams));
  const users = await listUsers(await getDb(), { limit, offset });
  return Response.json({ users, limit, offset });
});
