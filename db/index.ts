import 'server-only';
import path from 'node:path';
import { acquireDataDirLock } from '@/lib/data-dir-lock';
import { getEnv, isBuildPhase } from '@/lib/env';
import { openPglite, openPostgres, type DbHandle } from './client';

export type { Db, DbHandle } from './client';

declare global {
  // Next bundles instrumentation and each route separately: the one handle lives here.
  var __mistDb: Promise<DbHandle> | undefined;
}

/** The app's database, opened and migrated once per process. */
export function getDbHandle(): Promise<DbHandle> {
  if (isBuildPhase()) {
    return Promise.reject(new Error('The database is not available while building.'));
  }
  globalThis.__mistDb ??= openAppDatabase().catch((error) => {
    globalThis.__mistDb = undefined;
    throw error;
  });
  return globalThis.__mistDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}

async function openAppDatabase(): Promise<DbHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const handle = await openPostgres(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX });
    await handle.migrate();
    return handle;
  }
  const lock = acquireDataDirLock(env.dataDir);
  try {
    const handle = await openPglite(path.join(env.dataDir, 'db'));
    await handle.migrate();
    return {
      ...handle,
      close: async () => {
        await handle.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
