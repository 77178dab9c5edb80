// Which PostgreSQL the tests use: TEST_DATABASE_URL when set, else a local PostgreSQL that
// has pgvector. The test helpers make a database of their own on it per test file.
import os from 'node:os';
import postgres from 'postgres';

/** True when `url` answers and can create the vector extension; else the reason it cannot. */
export async function checkPostgres(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const [row] = await sql`select count(*)::int as n from pg_available_extensions where name = 'vector'`;
    if (row.n === 0) return { ok: false, reason: `${redact(url)} has no pgvector (the vector extension is not available)` };
    const [role] = await sql`select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user`;
    if (!role?.ok) return { ok: false, reason: `${redact(url)}: the role may not create databases` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${redact(url)}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** TEST_DATABASE_URL, or the first local PostgreSQL with pgvector that lets us create databases. */
export async function findTestPostgres(env = process.env) {
  if (env.TEST_DATABASE_URL) {
    const check = await checkPostgres(env.TEST_DATABASE_URL);
    return check.ok ? { url: env.TEST_DATABASE_URL } : { url: undefined, reason: `TEST_DATABASE_URL is set but unusable: ${check.reason}` };
  }
  const host = env.PGHOST || '127.0.0.1';
  const port = env.PGPORT || '5432';
  const users = [...new Set([env.PGUSER, os.userInfo().username, 'postgres'].filter(Boolean))];
  const reasons = [];
  for (const user of users) {
    const url = `postgres://${encodeURIComponent(user)}@${host}:${port}/postgres`;
    const check = await checkPostgres(url);
    if (check.ok) return { url };
    reasons.push(check.reason);
  }
  return { url: undefined, reason: `no local PostgreSQL with pgvector (${reasons[0]})` };
}

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
