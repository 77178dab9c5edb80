import { getDb } from '@/db';
import { createFirstAdmin } from '@/lib/accounts';
import { getSignUpLimiter } from '@/lib/auth/options';
import { readJson, withRateLimit } from '@/lib/http/handlers';

/** First run only: creates the admin while the server has no users; 409 afterwards. */
export const POST = withRateLimit(getSignUpLimiter, 'attempts', async (req) => {
  const user = await createFirstAdmin(await getDb(), await readJson(req));
  return Response.json({ user }, { status: 201 });
});
