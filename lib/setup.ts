import 'server-only';
import { getDb } from '@/db';
import { countUsers } from '@/db/queries/users';

/** First run: no account exists yet, so the next visitor is offered the admin account. */
export async function needsSetup(): Promise<boolean> {
  return (await countUsers(await getDb())) === 0;
}
