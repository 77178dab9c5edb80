import { getDbHandle } from '@/db';
import { tablesNeedingUpkeep, upkeepTable } from '@/db/queries/maintenance';
import { inngest } from '../../client';
import { databaseMaintenanceRequested } from '../../events';

/**
 * The embedded database's autovacuum: PGlite runs none, so without this its tables keep
 * every dead row version (listening sessions are updated by every heartbeat) and its
 * planner works from statistics that never change, e.g. believing 10,000 open sessions
 * are 8 and scanning them all for each heartbeat. Every ten minutes, and at start,
 * tables past PostgreSQL's own thresholds are vacuumed and analyzed, one step each.
 * PostgreSQL (DATABASE_URL) does this itself: nothing to do there.
 */
export const maintainDatabase = inngest.createFunction(
  { id: 'maintain-embedded-database', triggers: [{ cron: 'TZ=UTC */10 * * * *' }, databaseMaintenanceRequested], concurrency: 1, retries: 1 },
  async ({ step }) => {
    if ((await getDbHandle()).kind !== 'pglite') return { skipped: 'PostgreSQL runs its own autovacuum' };
    const tables = await step.run('find-tables', async () => tablesNeedingUpkeep((await getDbHandle()).db));
    for (const t of tables) await step.run(`${t.vacuum ? 'vacuum' : 'analyze'}-${t.table}`, async () => upkeepTable((await getDbHandle()).db, t));
    return { vacuumed: tables.filter((t) => t.vacuum).map((t) => t.table), analyzed: tables.filter((t) => !t.vacuum).map((t) => t.table) };
  },
);
