import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres, type DbHandle } from '@/db/client';
import { createFreshDatabase } from '../../lib/fresh-database';

export type BenchDatabase = { url?: string; name?: string; label: string; done(): Promise<void> };

/**
 * Where a benchmark run keeps its data: with `baseUrl` (a PostgreSQL whose role may create
 * databases), a fresh database made for this run and dropped at `done()` unless `keep`;
 * without, the embedded database (PGlite) in the run's data directory.
 */
export async function benchDatabase(baseUrl: string | undefined, keep = false): Promise<BenchDatabase> {
  if (!baseUrl) return { label: 'PGlite', done: async () => {} };
  const fresh = await createFreshDatabase(baseUrl, 'mist_bench');
  return {
    url: fresh.url,
    name: fresh.name,
    label: `PostgreSQL (database ${fresh.name})`,
    async done() {
      if (keep) console.log(`kept the database (--keep-database): ${fresh.url}`);
      else await fresh.drop();
    },
  };
}

/**
 * Runs `work` on a migrated database: a fresh one on the PostgreSQL at `baseUrl` (dropped
 * after), else PGlite in a temporary directory (removed after). `label` names it in output.
 */
export async function withBenchDatabase(baseUrl: string | undefined, prefix: string, work: (h: DbHandle, label: string, reopen: () => Promise<DbHandle>) => Promise<void>): Promise<void> {
  const where = await benchDatabase(baseUrl);
  const dir = baseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), `mist-bench-${prefix}-`));
  let handle = baseUrl ? await openPostgres(where.url!, { max: 2 }) : await openPglite(dir);
  // PGlite sizes its buffers for the database it opens (db/client.ts): after seeding, the
  // benchmark reopens it as a server started on that catalog would. PostgreSQL's stay as set.
  const reopen = async () => {
    if (!dir) return handle;
    await handle.close();
    handle = await openPglite(dir);
    return handle;
  };
  try {
    await handle.migrate();
    await work(handle, baseUrl ? 'PostgreSQL' : 'PGlite', reopen);
  } finally {
    await handle.close();
    await where.done();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
