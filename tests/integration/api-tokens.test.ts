import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { type DbHandle, migrationsFolder, openPglite, openPostgres } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { listAllTokens, revokeToken } from '@/db/queries/tokens';
import { insertUser } from '@/db/queries/users';
import { changePassword } from '@/lib/accounts';
import { hashPassword } from '@/lib/auth/password';
import { createApiToken, userForBearer } from '@/lib/auth/api-tokens';
import { AppError } from '@/lib/errors';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';
import { freshPostgres, testPostgresUrl } from '../helpers/postgres';

let h: DbHandle;
const bearer = (token: string) => `Bearer ${token}`;
const unlimited = (_email: string, verify: () => Promise<boolean>) => verify();

describe.each(BOTH_DATABASES)('API tokens on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  it('keeps the scopes chosen at creation, in a fixed order, and refuses a token without any', async () => {
    const admin = await insertUser(h.db, { email: 'admin@example.org', displayName: 'Admin', passwordHash: 'x', role: 'admin' });
    const made = await createApiToken(h.db, admin.id, { name: 'NAS import', scopes: ['import', 'listen', 'import'] });
    expect(made.scopes).toEqual(['listen', 'import']);
    expect(await userForBearer(h.db, bearer(made.token))).toMatchObject({ id: admin.id, scopes: ['listen', 'import'] });
    for (const scopes of [[], ['everything'], undefined]) {
      await expect(createApiToken(h.db, admin.id, { name: 'bad', scopes })).rejects.toThrow();
    }
  });

  it('lists every account’s tokens with their owners, and lets any of them be revoked', async () => {
    const ben = await insertUser(h.db, { email: 'ben@example.org', displayName: 'Ben', passwordHash: 'x', role: 'admin' });
    const bens = await createApiToken(h.db, ben.id, { name: 'Ben’s script', scopes: ['admin'] });
    const listed = (await listAllTokens(h.db)).find((t) => t.id === bens.id);
    expect(listed).toMatchObject({ name: 'Ben’s script', scopes: ['admin'], owner: { id: ben.id, email: 'ben@example.org', displayName: 'Ben' }, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(bens.token);
    // An admin decides for every account's tokens: revoking takes no owner.
    expect(await revokeToken(h.db, bens.id)).toBe(true);
    expect(await revokeToken(h.db, bens.id)).toBe(false);
    expect(await userForBearer(h.db, bearer(bens.token))).toBeNull();
  });

  it('revokes the account’s tokens with a password change when asked, and only then', async () => {
    const cat = await insertUser(h.db, { email: 'cat@example.org', displayName: 'Cat', passwordHash: await hashPassword('old password'), role: 'admin' });
    const other = await insertUser(h.db, { email: 'dan@example.org', displayName: 'Dan', passwordHash: 'x', role: 'admin' });
    const [kept, gone, dans] = [
      await createApiToken(h.db, cat.id, { name: 'kept', scopes: ['listen'] }),
      await createApiToken(h.db, cat.id, { name: 'gone', scopes: ['import'] }),
      await createApiToken(h.db, other.id, { name: 'dan', scopes: ['import'] }),
    ];
    expect(await changePassword(h.db, cat.id, { currentPassword: 'old password', newPassword: 'new password 1' }, unlimited)).toEqual({ tokensRevoked: 0 });
    expect(await userForBearer(h.db, bearer(kept.token))).not.toBeNull();
    expect(await changePassword(h.db, cat.id, { currentPassword: 'new password 1', newPassword: 'new password 2', revokeTokens: true }, unlimited)).toEqual({ tokensRevoked: 2 });
    expect(await userForBearer(h.db, bearer(kept.token))).toBeNull();
    expect(await userForBearer(h.db, bearer(gone.token))).toBeNull();
    expect(await userForBearer(h.db, bearer(dans.token))).not.toBeNull();
    // A wrong current password revokes nothing.
    const again = await createApiToken(h.db, cat.id, { name: 'again', scopes: ['listen'] });
    await expect(changePassword(h.db, cat.id, { currentPassword: 'wrong', newPassword: 'new password 3', revokeTokens: true }, unlimited)).rejects.toBeInstanceOf(AppError);
    expect(await userForBearer(h.db, bearer(again.token))).not.toBeNull();
  });
});

// The migration that brought scopes: tokens made before it keep what they could do.
const SCOPES_MIGRATION = 'auth_sessions_token_scopes';

/** db/migrations up to, not including, the migration that added scopes. */
function migrationsBeforeScopes(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-migrations-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(migrationsFolder(), dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(SCOPES_MIGRATION));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

type Opened = { h: DbHandle; migrateTo: (folder: string) => Promise<void>; stop: () => Promise<void> };
const databases: [string, () => Promise<Opened>][] = [
  ['PGlite', async () => {
    const handle = await openPglite();
    return { h: handle, migrateTo: (folder) => migratePglite(handle.db as never, { migrationsFolder: folder }), stop: () => handle.close() };
  }],
  ...(testPostgresUrl()
    ? [['PostgreSQL', async () => {
        const pg = await freshPostgres();
        const handle = await openPostgres(pg.url, { max: 1 });
        return { h: handle, migrateTo: (folder: string) => migratePostgres(handle.db as never, { migrationsFolder: folder }), stop: async () => (await handle.close(), await pg.stop()) };
      }] as [string, () => Promise<Opened>]]
    : []),
];

describe.each(databases)('the scopes migration on %s', (_name, open) => {
  let opened: Opened | undefined;
  afterAll(() => opened?.stop());

  it('gives an admin’s existing tokens `admin` and a listener’s `listen`', async () => {
    opened = await open();
    const db = opened.h.db;
    await opened.migrateTo(migrationsBeforeScopes());
    const ids = rowsOf<{ id: string; role: string }>(
      await db.execute(sql`insert into users (email, display_name, password_hash, role) values ('a@example.org', 'A', 'x', 'admin'), ('l@example.org', 'L', 'x', 'user') returning id, role`),
    );
    const adminId = ids.find((r) => r.role === 'admin')!.id;
    const listenerId = ids.find((r) => r.role === 'user')!.id;
    await db.execute(sql`insert into api_tokens (user_id, name, token_hash, prefix) values (${adminId}, 'old admin', 'h1', 'mist_1'), (${listenerId}, 'old demoted', 'h2', 'mist_2')`);
    await opened.h.migrate();
    const rows = rowsOf<{ name: string; scopes: string[] | string }>(await db.execute(sql`select name, scopes::text[] as scopes from api_tokens order by name`));
    expect(rows.map((r) => [r.name, Array.isArray(r.scopes) ? r.scopes : String(r.scopes)])).toEqual([
      ['old admin', ['admin']],
      ['old demoted', ['listen']],
    ]);
  });
});
