import { getDb } from '@/db';
import { createFirstAdmin } from '@/lib/accounts';
import { readJson, withErrors } from '@/lib/http/handlers';

/** First run only: creates the admin while the server has no users; 409 afterwards. */
export const POST = withErrors(async (req) => {
  const user = await createFirstAdmin(await getDb(), await readJson(req));
  return Response.json({ user }, { status: 201 });
});
