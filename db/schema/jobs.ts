import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

export const jobRunStatus = pgEnum('job_run_status', ['queued', 'running', 'sleeping', 'completed', 'failed']);
export type JobRunStatus = (typeof jobRunStatus.enumValues)[number];

/** A memoized step outcome as the SDK reads it back, keyed by its hashed step id (null: a sleep that ended). */
export type StepOutcome = { type: 'data'; data: unknown } | { type: 'error'; error: unknown } | null;

/** A step the SDK planned and the driver has still to run (a sleep carries its wake-up time). */
export type PlannedStep = { id: string; name?: string; until?: string };

/**
 * One run of one Inngest function, driven by the embedded driver. Everything needed to
 * resume after a crash is here: the event, every finished step's result, the attempt.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Full function id as the SDK names it: `<appId>-<functionId>` (onFailure: `...-failure`). */
    functionId: text().notNull(),
    /** The event's id; the same id for the same function runs once. */
    eventId: text().notNull(),
    eventName: text().notNull(),
    event: jsonb().$type<Record<string, unknown>>().notNull(),
    status: jobRunStatus().notNull().default('queued'),
    /** Attempt of whatever is being retried now (a step or the function body); 0 is the first. */
    attempt: integer().notNull().default(0),
    steps: jsonb().$type<Record<string, StepOutcome>>().notNull().default({}),
    /** Step ids in the order they finished, as the SDK expects in `ctx.stack`. */
    stack: jsonb().$type<string[]>().notNull().default([]),
    /** Parallel steps the SDK planned and the driver has still to run. */
    planned: jsonb().$type<PlannedStep[]>().notNull().default([]),
    /** Once a run has had parallel steps, the SDK must plan every step rather than run it at once. */
    parallel: boolean().notNull().default(false),
    currentStep: text(),
    output: jsonb(),
    error: text(),
    nextRunAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('job_runs_function_event_unique').on(t.functionId, t.eventId),
    index('job_runs_due_idx').on(t.nextRunAt).where(sql`${t.status} in ('queued', 'running', 'sleeping')`),
    index('job_runs_created_idx').on(t.createdAt),
  ],
);
