import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { is, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies every migration in db/migrations (or `folder`, for tests) not yet applied. */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * PGlite has one connection and runs one transaction at a time: row locks taken only to
 * order concurrent transactions (see lockListeningClocks) are never contended there.
 * drizzle's is() compares entity kinds by name, so it holds whichever bundle opened the
 * database (Next bundles routes apart); a transaction handle answers false (lock: safe).
 */
export const runsOneTransactionAtATime = (db: Db): boolean => is(db, PgliteDatabase);

/** Resolved from the working directory: the project root, or the standalone server's. */
export const migrationsFolder = () => path.join(process.cwd(), 'db', 'migrations');

/** hnsw.ef_search: recall@10 ≥ 0.95 at 100,000 tracks (npm run bench:similar). */
export const HNSW_EF_SEARCH = 100;

/**
 * Every connection's settings for pgvector's HNSW searches (similar tracks): the search
 * breadth, and iterative scans that keep reading the index while filters leave fewer rows
 * than asked for. Set when a connection starts, they cost a search no statements of its own
 * (PostgreSQL takes them as startup parameters even before the extension is loaded).
 */
const vectorSearchSettings = { 'hnsw.ef_search': String(HNSW_EF_SEARCH), 'hnsw.iterative_scan': 'relaxed_order' };

/**
 * How MIST opens PGlite: with pgvector and pg_trgm, and the search settings above. PostgreSQL's
 * default 128 MB of shared buffers is all resident in PGlite's WASM memory; 32 MB holds the hot
 * tables of a small library, and the OS page cache serves the rest of the data directory
 * (openPglite gives a large database more: pgliteSharedBuffersMb).
 */
export const pgliteOptions = {
  extensions: { vector, pg_trgm },
  postgresqlconf: ['shared_buffers=32MB', ...Object.entries(vectorSearchSettings).map(([name, value]) => `${name}='${value}'`)],
};

const MB = 1024 * 1024;

/**
 * PGlite's shared buffers for the database in `dir`, chosen as it opens: room for the whole
 * database (its `base` directory) in steps of 16 MB, from 32 MB up to 128 MB. A small library
 * keeps 32 MB. A large one gets its search indexes into memory instead of reading their pages
 * through the file system on every query: with 100,000 tracks (a 137 MB database, a 50 MB
 * HNSW index) a similar-tracks index scan took 2.6 ms with 128 MB against 5.7 ms with 32 MB
 * (same machine, same seeds), for ~90 MB more memory at rest. A library that grows while
 * MIST runs gets the larger figure at the next start.
 */
export function pgliteSharedBuffersMb(dir: string | undefined): number {
  if (!dir) return 32;
  let bytes = 0;
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) bytes += fs.statSync(file).size;
    }
  };
  try {
    walk(path.join(dir, 'base'));
  } catch {
    return 32; // A new data directory: nothing there yet.
  }
  return Math.min(128, Math.max(32, Math.ceil(bytes / (16 * MB)) * 16));
}

/**
 * PGlite with pgvector; `dir` undefined gives an in-memory database (tests). `loadDataDir`
 * starts it from a dump (PGlite's dumpDataDir) instead of a new cluster.
 */
export async function openPglite(dir?: string, options: { loadDataDir?: Blob } = {}): Promise<DbHandle> {
  const sharedBuffers = `shared_buffers=${pgliteSharedBuffersMb(dir)}MB`;
  const postgresqlconf = pgliteOptions.postgresqlconf.map((line) => (line.startsWith('shared_buffers=') ? sharedBuffers : line));
  const client = await PGlite.create(dir, { ...pgliteOptions, postgresqlconf, ...options });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: (folder = migrationsFolder()) => migratePglite(db, { migrationsFolder: folder }),
    close: () => client.close(),
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DbHandle> {
  const client = postgres(url, { max: options.max ?? 10, connect_timeout: 10, onnotice: () => {}, connection: vectorSearchSettings });
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    async migrate(folder = migrationsFolder()) {
      // Several app instances may start together: one migrates, the others wait. A
      // one-connection client keeps the lock, the migration and the unlock on one session.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(7351120)`;
        await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: folder });
        await single`select pg_advisory_unlock(7351120)`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function ping(db: Db, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const query = db.execute(sql`select 1`).then(() => true, () => false);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
