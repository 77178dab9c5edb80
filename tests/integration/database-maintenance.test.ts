import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openPglite } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { tablesNeedingUpkeep } from '@/db/queries/maintenance';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { rowsOf } from '@/db/rows';
import { jobRuns, listeningSessions } from '@/db/schema';
import { databaseMaintenanceRequested } from '@/inngest/events';
import { enqueue, getDriver } from '@/lib/jobs';
import { freshDb } from '../helpers/db';
import { waitFor } from '../helpers/jobs';

// The app's own maintenance function, run by the app's embedded driver on a fresh PGlite.
let h: DbHandle;
beforeAll(async () => {
  h = await freshDb();
  globalThis.__mistDb = Promise.resolve(h);
  globalThis.__mistJobs = undefined;
  (await getDriver()).start();
});
afterAll(async () => {
  await globalThis.__mistJobs?.stop();
  globalThis.__mistJobs = undefined;
  globalThis.__mistDb = undefined;
  await h?.close();
});

async function maintain() {
  const [eventId] = await enqueue({ name: databaseMaintenanceRequested.name, data: {} });
  const run = await waitFor('the maintenance run to finish', async () => {
    const [row] = await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, eventId!));
    return row && (row.status === 'completed' || row.status === 'failed') ? row : undefined;
  });
  expect(run.status).toBe('completed');
  return run.output as { vacuumed: string[]; analyzed: string[] };
}

/** What the planner believes: its row estimate for the open listening sessions. */
async function estimatedOpenSessions() {
  const plan = rowsOf<Record<string, string>>(await h.db.execute(sql`explain select id from listening_sessions where ended_at is null`));
  return Number(/rows=(\d+)/.exec(Object.values(plan[0]!)[0]!)![1]);
}

async function sessionStats() {
  await h.db.execute(sql`select pg_stat_force_next_flush()`);
  const [row] = rowsOf<{ dead: number; analyzed: boolean }>(
    await h.db.execute(sql`select n_dead_tup::int as dead, last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'listening_sessions'`),
  );
  return row!;
}

describe('embedded database maintenance', () => {
  it('vacuums away the row versions heartbeats leave behind and keeps the planner’s statistics true', async () => {
    const song = await insertTrack(h.db, { title: 'Song', status: 'ready', durationMs: 200_000, originalFilename: 's.flac', originalKey: 'originals/s', declaredContentType: 'audio/flac' });
    for (let i = 0; i < 400; i++) {
      const u = await insertUser(h.db, { email: `l${i}@example.org`, displayName: `L${i}`, passwordHash: 'x', role: 'user' });
      await insertListeningSession(h.db, { userId: u.id, trackId: song.id, clientInfo: null });
    }
    // Three beats' worth of updates on every session: dead row versions well past the
    // threshold (50 + 20% of 400), even after those pruned within their pages.
    for (let seq = 1; seq <= 3; seq++) await h.db.update(listeningSessions).set({ lastSeq: seq, heardMs: seq * 15_000 });
    expect((await sessionStats()).dead).toBeGreaterThan(130);
    const before = await estimatedOpenSessions();

    const first = await maintain();
    expect(first.vacuumed).toContain('listening_sessions');
    expect(first.analyzed.concat(first.vacuumed)).toContain('users');
    expect(await sessionStats()).toEqual({ dead: 0, analyzed: true });
    // The planner now knows there are 400 open sessions (it guessed `before`).
    expect(before).not.toBe(400);
    expect(await estimatedOpenSessions()).toBe(400);

    // Nothing changed since: nothing to do.
    expect(await maintain()).toEqual({ vacuumed: [], analyzed: [] });
  });

  it('analyzes, after a restart, tables that hold rows but were never analyzed (PGlite forgets its counters)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-upkeep-'));
    try {
      let db = await openPglite(path.join(dir, 'db'));
      await db.migrate();
      await insertUser(db.db, { email: 'one@example.org', displayName: 'One', passwordHash: 'x', role: 'user' });
      await db.close();
      db = await openPglite(path.join(dir, 'db'));
      const tables = await tablesNeedingUpkeep(db.db);
      await db.close();
      expect(tables).toContainEqual({ table: 'users', vacuum: false });
      // Empty tables have nothing to tell the planner.
      expect(tables.map((t) => t.table)).not.toContain('listening_sessions');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
