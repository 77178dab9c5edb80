import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ping, type DbHandle } from '@/db/client';
import { getKeyGrantFacts, insertListeningSession } from '@/db/queries/listening';
import { ensureTrackKey, insertTrack } from '@/db/queries/tracks';
import { countUsers, getUserCredentials, listUsers } from '@/db/queries/users';
import { adminUpdateUser, createFirstAdmin, registerUser } from '@/lib/accounts';
import { freshPostgresDb } from '../helpers/db';
import { testPostgresUrl } from '../helpers/postgres';

// The scaled-out path: postgres.js against a real PostgreSQL with pgvector.
let h: DbHandle;
let stop: () => Promise<void>;


const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

describe.runIf(testPostgresUrl())('postgres.js against PostgreSQL with pgvector', () => {
  beforeAll(async () => {
    ({ h, stop } = await freshPostgresDb());
  });
  afterAll(async () => {
    await stop?.();
  });

  it('applies the migrations once, vector extension included', async () => {
    await h.migrate(); // a second start applies nothing and fails nothing
    expect(h.kind).toBe('postgres');
    expect(await ping(h.db)).toBe(true);
    const ext = rows<{ extname: string }>(await h.db.execute(sql`select extname from pg_extension where extname = 'vector'`));
    expect(ext).toHaveLength(1);
    const applied = rows<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    const journal = JSON.parse(fs.readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    expect(applied[0]!.n).toBe(journal.entries.length);
  });

  it('runs the account logic, transactions and row locks included', async () => {
    const admin = await createFirstAdmin(h.db, { email: 'Admin@Example.org', displayName: 'Admin', password: 'admin password' });
    const user = await registerUser(h.db, { email: 'lee@example.org', displayName: 'Lee', password: 'lee password' }, 'open');
    expect(await countUsers(h.db)).toBe(2);
    expect((await getUserCredentials(h.db, 'admin@example.org'))!.role).toBe('admin');
    await expect(adminUpdateUser(h.db, admin.id, admin.id, { role: 'user' })).rejects.toThrow(/last admin/);
    const promoted = await adminUpdateUser(h.db, admin.id, user.id, { role: 'admin' });
    expect(promoted.role).toBe('admin');
    expect((await listUsers(h.db, { limit: 10, offset: 0 })).map((u) => u.email)).toEqual(['admin@example.org', 'lee@example.org']);
  });

  it('answers the key route’s one query, prepared once and run again', async () => {
    const lee = (await getUserCredentials(h.db, 'lee@example.org'))!;
    const track = await insertTrack(h.db, { title: 'T', status: 'ready', originalFilename: 't.flac', originalKey: 'originals/t', declaredContentType: 'audio/flac' });
    expect(await getKeyGrantFacts(h.db, lee.id, track.id)).toEqual({ disabled: false, sessionVersion: 0, keyHex: null, lastSessionAt: null });
    await ensureTrackKey(h.db, track.id, 1, { keyHex: 'ab'.repeat(16), ivHex: '00'.repeat(16) });
    const session = await insertListeningSession(h.db, { userId: lee.id, trackId: track.id, clientInfo: null });
    expect(await getKeyGrantFacts(h.db, lee.id, track.id)).toEqual({ disabled: false, sessionVersion: 0, keyHex: 'ab'.repeat(16), lastSessionAt: session.startedAt });
    // A version being made has a key of its own; without a version, the published (oldest kept) one.
    await ensureTrackKey(h.db, track.id, 2, { keyHex: 'cd'.repeat(16), ivHex: '01'.repeat(16) });
    expect((await getKeyGrantFacts(h.db, lee.id, track.id, 2))!.keyHex).toBe('cd'.repeat(16));
    expect((await getKeyGrantFacts(h.db, lee.id, track.id, 1))!.keyHex).toBe('ab'.repeat(16));
    expect((await getKeyGrantFacts(h.db, lee.id, track.id))!.keyHex).toBe('ab'.repeat(16));
    expect((await getKeyGrantFacts(h.db, lee.id, track.id, 3))!.keyHex).toBeNull();
  });
});
