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
