import { and, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRuns, type JobRunStatus, type PlannedStep, type StepOutcome } from '../schema';

export type JobRun = typeof jobRuns.$inferSelect;
export type NewJobRun = { functionId: string; eventId: string; eventName: string; event: Record<string, unknown>; nextRunAt?: Date };

/** Inserts a run unless this function already has one for this event id. */
export async function insertRun(db: Db, run: NewJobRun): Promise<{ id: string; created: boolean }> {
  const [created] = await db.insert(jobRuns).values(run).onConflictDoNothing().returning({ id: jobRuns.id });
  if (created) return { id: created.id, created: true };
  const [existing] = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.functionId, run.functionId), eq(jobRuns.eventId, run.eventId)));
  return { id: existing!.id, created: false };
}

export async function getRun(db: Db, id: string): Promise<JobRun | undefined> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, id));
  return row;
}

/**
 * Leases up to `limit` due runs to `owner`: queued or sleeping runs whose time has come,
 * and running runs whose lease ran out (their worker died). `limits` caps how many runs
 * of one function may hold a lease at once. Safe across processes (row locks, SKIP LOCKED).
 */
export async function claimDueRuns(
  db: Db,
  options: { owner: string; leaseMs: number; limit: number; limits: Record<string, number> },
): Promise<JobRun[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const candidates = await tx
      .select({ id: jobRuns.id, functionId: jobRuns.functionId })
      .from(jobRuns)
      .where(
        or(
          and(inArray(jobRuns.status, ['queued', 'sleeping']), lte(jobRuns.nextRunAt, now)),
          and(eq(jobRuns.status, 'running'), lt(jobRuns.leaseUntil, now)),
        ),
      )
      .orderBy(jobRuns.nextRunAt)
      .limit(options.limit * 4)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return [];

    const limited = [...new Set(candidates.map((c) => c.functionId))].filter((f) => options.limits[f] !== undefined);
    const busy: Record<string, number> = {};
    if (limited.length) {
      // Serialise claims per limited function, so two workers cannot both take the last slot.
      for (const f of limited.sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'mist-job:' + f}))`);
      const rows = await tx
        .select({ functionId: jobRuns.functionId, n: sql<number>`count(*)::int` })
        .from(jobRuns)
        .where(and(inArray(jobRuns.functionId, limited), eq(jobRuns.status, 'running'), gte(jobRuns.leaseUntil, now)))
        .groupBy(jobRuns.functionId);
      for (const r of rows) busy[r.functionId] = r.n;
    }
    const chosen: string[] = [];
    for (const c of candidates) {
      if (chosen.length >= options.limit) break;
      const cap = options.limits[c.functionId];
      if (cap !== undefined && (busy[c.functionId] ?? 0) >= cap) continue;
      busy[c.functionId] = (busy[c.functionId] ?? 0) + 1;
      chosen.push(c.id);
    }
    if (chosen.length === 0) return [];
    return tx
      .update(jobRuns)
      .set({
        status: 'running',
        leaseOwner: options.owner,
        leaseUntil: new Date(now.getTime() + options.leaseMs),
        startedAt: sql`coalesce(${jobRuns.startedAt}, now())`,
      })
      .where(inArray(jobRuns.id, chosen))
      .returning();
  });
}

export type RunPatch = Partial<{
  status: JobRunStatus;
  attempt: number;
  steps: Record<string, StepOutcome>;
  stack: string[];
  planned: PlannedStep[];
  parallel: boolean;
  currentStep: string | null;
  output: unknown;
  error: string | null;
  nextRunAt: Date;
  leaseUntil: Date | null;
  leaseOwner: string | null;
  finishedAt: Date | null;
}>;

/** Writes progress only while `owner` still holds the lease; false when it was lost. */
export async function updateLeasedRun(db: Db, id: string, owner: string, patch: RunPatch): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set(patch)
    .where(and(eq(jobRuns.id, id), eq(jobRuns.leaseOwner, owner), eq(jobRuns.status, 'running')))
    .returning({ id: jobRuns.id });
  return rows.length === 1;
}

export async function renewLeases(db: Db, owner: string, until: Date): Promise<void> {
  await db.update(jobRuns).set({ leaseUntil: until }).where(and(eq(jobRuns.leaseOwner, owner), eq(jobRuns.status, 'running')));
}

/** At start with the embedded database: whoever held a lease is gone (we hold the data directory). */
export async function expireAllLeases(db: Db): Promise<number> {
  const rows = await db
    .update(jobRuns)
    .set({ leaseUntil: new Date(0) })
    .where(eq(jobRuns.status, 'running'))
    .returning({ id: jobRuns.id });
  return rows.length;
}

export type JobRunSummary = Pick<
  JobRun,
  'id' | 'functionId' | 'eventName' | 'status' | 'attempt' | 'currentStep' | 'error' | 'nextRunAt' | 'startedAt' | 'finishedAt' | 'createdAt'
>;

export async function listRuns(db: Db, page: { limit: number; offset: number; status?: JobRunStatus }): Promise<JobRunSummary[]> {
  return db
    .select({
      id: jobRuns.id,
      functionId: jobRuns.functionId,
      eventName: jobRuns.eventName,
      status: jobRuns.status,
      attempt: jobRuns.attempt,
      currentStep: jobRuns.currentStep,
      error: jobRuns.error,
      nextRunAt: jobRuns.nextRunAt,
      startedAt: jobRuns.startedAt,
      finishedAt: jobRuns.finishedAt,
      createdAt: jobRuns.createdAt,
    })
    .from(jobRuns)
    .where(page.status ? eq(jobRuns.status, page.status) : undefined)
    .orderBy(desc(jobRuns.createdAt))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countRunsByStatus(db: Db): Promise<Partial<Record<JobRunStatus, number>>> {
  const rows = await db.select({ status: jobRuns.status, n: sql<number>`count(*)::int` }).from(jobRuns).groupBy(jobRuns.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A failed run starts again from its first step, with the same event. */
export async function requeueFailedRun(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ status: 'queued', attempt: 0, steps: {}, stack: [], planned: [], parallel: false, currentStep: null, output: null, error: null, nextRunAt: new Date(), leaseOwner: null, leaseUntil: null, finishedAt: null })
    .where(and(eq(jobRuns.id, id), eq(jobRuns.status, 'failed')))
    .returning({ id: jobRuns.id });
  return rows.length === 1;
}

export async function deleteFinishedRunsBefore(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(jobRuns)
    .where(and(inArray(jobRuns.status, ['completed', 'failed']), lt(jobRuns.finishedAt, before)))
    .returning({ id: jobRuns.id });
  return rows.length;
}
