import { getDb } from '@/db';
import { registerUser } from '@/lib/accounts';
import { getEnv } from '@/lib/env';
import { readJson, withErrors } from '@/lib/http/handlers';

/** Self-service sign-up: `{ email, displayName, password }` → 201 `{ user }`. */
export const POST = withErrors(async (req) => {
  const user = await registerUser(await getDb(), await readJson(req), getEnv().MIST_REGISTRATION);
  return Response.json({ user }, { status: 201 });
});
