import { openPglite, openPostgres, type DbHandle } from '@/db/client';
import { startPgliteSocket } from './pglite-socket';

/** A fresh in-memory PGlite with every migration applied: one per test file. */
export async function freshDb(): Promise<DbHandle> {
  const handle = await openPglite();
  await handle.migrate();
  return handle;
}

type Opened = { h: DbHandle; stop: () => Promise<void> };

/**
 * For `describe.each(BOTH_DATABASES)`: the embedded database, and PostgreSQL through
 * postgres.js (a PGlite behind pglite-socket, since Debian's PostgreSQL has no pgvector).
 */
export const BOTH_DATABASES: [string, () => Promise<Opened>][] = [
  ['PGlite', async () => ({ h: await freshDb(), stop: async () => {} })],
  [
    'postgres.js',
    async () => {
      const server = await startPgliteSocket();
      const handle = await openPostgres(server.url, { max: 1 });
      await handle.migrate();
      return { h: handle, stop: async () => (await handle.close(), await server.stop()) };
    },
  ],
];
