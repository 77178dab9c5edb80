import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

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
  const name = `mist_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async stop() {
      const dropper = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}
