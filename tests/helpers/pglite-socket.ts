import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from './ports';

/**
 * A PostgreSQL wire-protocol server backed by an in-memory PGlite with pgvector: the
 * scaled-out (postgres.js) code path, tested without a PostgreSQL install. It serves one
 * session, so clients use a pool of one connection.
 */
export async function startPgliteSocket(): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create({ extensions: { vector, pg_trgm } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (db.closed) return;
      await server.stop();
      await db.close();
    },
  };
}
