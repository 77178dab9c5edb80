import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DbHandle, openPglite } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { tablesNeedingUpkeep } from '@/db/queries/maintenance';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { rowsOf } from '@/db/rows';
import { jobRuns, listeningSessions } from '@/db/schema';
import { databaseMaintenanceRequested } from '@/inngest/events';
import { enqueue } from '@/lib/jobs';
import { onFreshApp } from '../helpers/app';
import { openFresh } from '../helpers/db';
import { testPostgresUrl } from '../helpers/postgres';
import { waitFor } from '../helpers/jobs';

let h: DbHandle;

/** The app's own maintenance function, run by the app's embedded driver: the finished run. */
async function maintain() {
  const [eventId] = await enqueue({ name: databaseMaintenanceRequested.name, data: {} });
  const run = await waitFor('the maintenance run to finish', async () => {
    const [row] = await h.db.select().from(jobRuns).where(eq(jobRuns.eventId, eventId!));
    return row && (row.status === 'completed' || row.status === 'failed') ? row : undefined;
  });
  expect(run.status).toBe('completed');
  return run;
}

/** Open sessions with three beats' worth of updates each: dead row versions well past the threshold. */
async function heartbeatChurn(sessions: number) {
  const song = await insertTrack(h.db, { title: 'Song', status: 'ready', durationMs: 200_000, originalFilename: 's.flac', originalKey: 'originals/s', declaredContentType: 'audio/flac' });
  for (let i = 0; i < sessions; i++) {
    const u = await insertUser(h.db, { email: `l${i}@example.org`, displayName: `L${i}`, passwordHash: 'x', role: 'user' });
    await insertListeningSession(h.db, { userId: u.id, trackId: song.id, clientInfo: null });
  }
  for (let seq = 1; seq <= 3; seq++) await h.db.update(listeningSessions).set({ lastSeq: seq, heardMs: seq * 15_000 });
}

/** What the planner believes: its row estimate for the open listening sessions. */
async function estimatedOpenSessions() {
  const plan = rowsOf<Record<string, string>>(await h.db.execute(sql`explain select id from listening_sessions where ended_at is null`));
  return Number(/rows=(\d+)/.exec(Object.values(plan[0]!)[0]!)![1]);
}

async function sessionStats() {
  await h.db.execute(sql`select pg_stat_force_next_flush()`);
  const [row] = rowsOf<{ dead: number; analyzed: boolean; vacuumed: boolean }>(
    await h.db.execute(
      sql`select n_dead_tup::int as dead, last_analyze is not null as analyzed, last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = 'listening_sessions'`,
    ),
  );
  return row!;
}

describe('embedded database maintenance on PGlite', () => {
  onFreshApp(openFresh('PGlite'), (app) => (h = app.h), { jobs: true });

  it('vacuums away the row versions heartbeats leave behind and keeps the planner’s statistics true', async () => {
    // Past the threshold (50 + 20% of 400) even after the versions pruned within their pages.
    await heartbeatChurn(400);
    expect((await sessionStats()).dead).toBeGreaterThan(130);
    const before = await estimatedOpenSessions();

    const first = (await maintain()).output as { vacuumed: string[]; analyzed: string[] };
    expect(first.vacuumed).toContain('listening_sessions');
    expect(first.analyzed.concat(first.vacuumed)).toContain('users');
    expect(await sessionStats()).toEqual({ dead: 0, analyzed: true, vacuumed: true });
    // The planner now knows there are 400 open sessions (it guessed `before`).
    expect(before).not.toBe(400);
    expect(await estimatedOpenSessions()).toBe(400);

    // Nothing changed since: nothing to do.
    expect((await maintain()).output).toEqual({ vacuumed: [], analyzed: [] });
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

// PostgreSQL runs its own autovacuum: the job still fires there (every ten minutes, by the
// embedded driver's cron) and must do nothing, visibly.
describe.runIf(testPostgresUrl())('database maintenance on PostgreSQL', () => {
  onFreshApp(openFresh('PostgreSQL'), (app) => (h = app.h), { jobs: true });

  it('leaves vacuuming and statistics to PostgreSQL and says so in the run', async () => {
    await heartbeatChurn(200);
    const run = await maintain();
    expect(run.output).toEqual({ skipped: 'PostgreSQL runs its own autovacuum' });
    expect(run.steps).toEqual({});
    // Autovacuum may have visited the table meanwhile; the job itself ran no VACUUM or ANALYZE.
    expect(await sessionStats()).toMatchObject({ analyzed: false, vacuumed: false });
  });
});
