import { openPglite, type DbHandle } from '@/db/client';

/** A fresh in-memory PGlite with every migration applied: one per test file. */
export async function freshDb(): Promise<DbHandle> {
  const handle = await openPglite();
  await handle.migrate();
  return handle;
}
