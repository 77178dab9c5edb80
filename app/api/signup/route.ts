import { getDb } from '@/db';
import { registerUser } from '@/lib/accounts';
import { getEnv } from '@/lib/env';
import { getSignUpLimiter } from '@/lib/auth/options';
import { readJson, withRateLimit } from '@/lib/http/handlers';

/** Self-service sign-up: `{ email, displayName, password }` → 201 `{ user }`. */
export const POST = withRateLimit(getSignUpLimiter, 'sign-ups', async (req) => {
  const user = await registerUser(await getDb(), await readJson(req), getEnv().MIST_REGISTRATION);
  return Response.json({ user }, { status: 201 });
});
