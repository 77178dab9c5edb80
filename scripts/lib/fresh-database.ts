import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export type FreshDatabase = { url: string; name: string; drop(): Promise<void> };

/**
 * An empty database of its own on the PostgreSQL at `baseUrl` (whose role may create
 * databases), named `<prefix>_<random>`; `drop()` removes it, closing any connection left.
 * Used by the tests (one per test file) and the benchmarks (one per run).
 */
export async function createFreshDatabase(baseUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}
