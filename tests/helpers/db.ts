import { openPglite, openPostgres, type DbHandle } from '@/db/client';
import { pgliteTemplateDump } from '../../scripts/lib/pglite-template';
import { freshPostgres, testPostgresUrl } from './postgres';

/**
 * A fresh in-memory PGlite with every migration applied: one per test file. It starts from a
 * dump of a migrated database (scripts/lib/pglite-template.ts: ~1 s instead of ~5 s for a new
 * cluster); the migrations still run and find themselves applied.
 */
export async function freshDb(): Promise<DbHandle> {
  const handle = await openPglite(undefined, { loadDataDir: await pgliteTemplateDump() });
  await handle.migrate();
  return handle;
}

type Opened = { h: DbHandle; stop: () => Promise<void> };
export type OpenDatabase = () => Promise<Opened>;

/** A database of its own on the test PostgreSQL, migrated, through postgres.js with a real pool. */
export async function freshPostgresDb(options: { max?: number } = {}): Promise<Opened & { url: string }> {
  const pg = await freshPostgres();
  const handle = await openPostgres(pg.url, { max: options.max ?? 4 });
  await handle.migrate();
  return { h: handle, url: pg.url, stop: async () => (await handle.close(), await pg.stop()) };
}

/**
 * For `describe.each(BOTH_DATABASES)`: the embedded database, and a real PostgreSQL with
 * pgvector through postgres.js when the tests have one (`npm test` says in its summary when
 * they did not; `.ci/run` requires one).
 */
export const BOTH_DATABASES: [string, OpenDatabase][] = [
  ['PGlite', async () => ({ h: await freshDb(), stop: async () => {} })],
  ...(testPostgresUrl() ? [['PostgreSQL', () => freshPostgresDb()] as [string, OpenDatabase]] : []),
];

/** One of BOTH_DATABASES, for a suite whose behaviour differs between the two. */
export const openFresh = (name: 'PGlite' | 'PostgreSQL'): OpenDatabase =>
  name === 'PGlite' ? BOTH_DATABASES[0]![1] : () => freshPostgresDb();
