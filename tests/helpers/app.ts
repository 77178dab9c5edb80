import { afterAll, beforeAll } from 'vitest';
import type { DbHandle } from '@/db/client';
import { getDriver } from '@/lib/jobs';
import type { Storage } from '@/lib/storage/types';
import type { OpenDatabase } from './db';

export type AppOptions = {
  /** Start the app's own embedded driver (its real Inngest functions) on the database. */
  jobs?: boolean;
  /** The app's storage (getStorage()), for code that opens its own. */
  storage?: Storage;
};

export type OpenApp = { h: DbHandle; stop: () => Promise<void> };

/**
 * A fresh database (`open`, from BOTH_DATABASES) made the app's own: what getDb() answers in
 * route handlers, auth and the app's Inngest functions, as db/index.ts would have opened it
 * from DATABASE_URL or the data directory. `stop` stops the driver, forgets the app-wide
 * handles and closes (and, on PostgreSQL, drops) the database.
 */
export async function openApp(open: OpenDatabase, options: AppOptions = {}): Promise<OpenApp> {
  const { h, stop } = await open();
  globalThis.__mistDb = Promise.resolve(h);
  globalThis.__mistJobs = undefined;
  globalThis.__mistAuthOptions = undefined; // its secret is kept in the database
  if (options.storage) globalThis.__mistStorage = options.storage;
  if (options.jobs) (await getDriver()).start();
  return {
    h,
    async stop() {
      await globalThis.__mistJobs?.stop();
      globalThis.__mistJobs = undefined;
      globalThis.__mistDb = undefined;
      globalThis.__mistAuthOptions = undefined;
      if (options.storage) globalThis.__mistStorage = undefined;
      await h.close().catch(() => {}); // PGlite's `stop` leaves it open
      await stop();
    },
  };
}

/**
 * In a describe block (e.g. `describe.each(BOTH_DATABASES)`): a fresh database opened as the
 * app's own before its tests, given to `use`, and stopped after them.
 */
export function onFreshApp(open: OpenDatabase, use: (app: OpenApp) => void, options: AppOptions = {}): void {
  let app: OpenApp | undefined;
  beforeAll(async () => {
    app = await openApp(open, options);
    use(app);
  });
  afterAll(() => app?.stop());
}
