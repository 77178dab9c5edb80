import { createFreshDatabase } from '../../scripts/lib/fresh-database';

/**
 * A real PostgreSQL with pgvector for the tests: `TEST_DATABASE_URL` (set by `.ci/run`, or
 * found by `npm test`, see scripts/lib/test-postgres.mjs). Each caller gets a database of
 * its own, created empty and dropped at `stop()`.
 */
export const testPostgresUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

export type FreshPostgres = { url: string; name: string; stop(): Promise<void> };

export async function freshPostgres(): Promise<FreshPostgres> {
  const base = testPostgresUrl();
  if (!base) throw new Error('No PostgreSQL for the tests: set TEST_DATABASE_URL (README, "Tests").');
  const { url, name, drop } = await createFreshDatabase(base, 'mist_test');
  return { url, name, stop: drop };
}
