import 'server-only';
import { getDbHandle } from '@/db';
import { countUsers } from '@/db/queries/users';
import { createFirstAdmin } from './accounts';
import { DataDirLockedError } from './data-dir-lock';
import { EnvError, getEnv, getModes } from './env';
import { AppError } from './errors';

/**
 * Runs once when the server starts (instrumentation.ts): validates the configuration,
 * opens and migrates the database, creates the first admin from the environment.
 * Anything wrong stops the process with a message that says what to fix.
 */
export async function boot(): Promise<void> {
  try {
    const env = getEnv();
    const handle = await getDbHandle();
    if (env.MIST_ADMIN_EMAIL && env.MIST_ADMIN_PASSWORD && (await countUsers(handle.db)) === 0) {
      await createFirstAdmin(handle.db, { email: env.MIST_ADMIN_EMAIL, password: env.MIST_ADMIN_PASSWORD, displayName: 'Admin' });
      console.log(`[mist] created the admin account ${env.MIST_ADMIN_EMAIL}`);
    }
    const modes = getModes(env);
    const where = modes.database === 'pglite' ? ` in ${env.dataDir}` : '';
    console.log(`[mist] ready: database ${modes.database}${where}, rate limits ${modes.rateLimits}`);
  } catch (error) {
    if (error instanceof EnvError || error instanceof DataDirLockedError || error instanceof AppError) {
      console.error(`[mist] cannot start. ${error.message}`);
    } else {
      console.error('[mist] cannot start: the database could not be opened.', error instanceof Error ? error.message : error);
    }
    process.exit(1);
  }
}
