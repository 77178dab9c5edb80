import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';

/** A table to vacuum and analyze, or only to analyze. */
export type TableUpkeep = { table: string; vacuum: boolean };

/**
 * Tables past PostgreSQL's autovacuum thresholds (its defaults): dead rows above 50 + 20%
 * of the live ones call for VACUUM, changes above 50 + 10% since the last ANALYZE for fresh
 * statistics. Also tables with rows that were never analyzed: PGlite's counters start from
 * zero in each process, but the catalog remembers whether statistics were ever taken.
 * For PGlite, which runs no autovacuum.
 */
export async function tablesNeedingUpkeep(db: Db): Promise<TableUpkeep[]> {
  // This session's own counts reach the statistics when it is next idle, at most once a second.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const result = await db.execute(sql`
    select t.relname as table, t.n_dead_tup > 50 + 0.2 * t.n_live_tup as vacuum
    from pg_stat_user_tables t join pg_class c on c.oid = t.relid
    where t.schemaname = 'public' and (
      t.n_dead_tup > 50 + 0.2 * t.n_live_tup
      or t.n_mod_since_analyze > 50 + 0.1 * t.n_live_tup
      or (c.reltuples < 0 and pg_relation_size(c.oid) > 0)
    )
    order by t.relname`);
  return rowsOf<TableUpkeep>(result);
}

/** VACUUM (ANALYZE) or ANALYZE one table; outside any transaction. */
export async function upkeepTable(db: Db, upkeep: TableUpkeep): Promise<void> {
  const table = sql.identifier(upkeep.table);
  await db.execute(upkeep.vacuum ? sql`vacuum (analyze) ${table}` : sql`analyze ${table}`);
}
