import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/jobs';
import type { JobRun, RunPatch } from '@/db/queries/jobs';
import type { PlannedStep, StepOutcome } from '@/db/schema';
import { cronTriggers, type DriverFunction, type EventInput, maxAttempts, type StoredEvent, triggeredBy } from './functions';
import { canonicalJson, concurrencyLimit, retryDelayMs, signatureHeader, sleepUntil, verifySignature } from './protocol';
import { CronScheduler } from './schedule';

export type DriverOptions = {
  db: Db;
  appId: string;
  functions: DriverFunction[];
  /** The app's own serve handler (POST), called in-process. */
  post: (req: Request) => Promise<Response>;
  signingKey: string;
  workers?: number;
  leaseMs?: number;
  pollMs?: number;
  retryBaseMs?: number;
};

type Op = { op: string; id: string; name?: string; displayName?: string; data?: unknown; error?: { name?: string; message?: string } };
type Call = { status: number; body: unknown; retryAfter: string | null };
type RunState = Pick<JobRun, 'steps' | 'stack' | 'planned' | 'parallel' | 'attempt'>;

const FAILED_EVENT = 'inngest/function.failed';

/**
 * Runs Inngest functions without an Inngest server: runs live in `job_runs`; each is
 * advanced by signed POSTs to the app's serve handler, one step result persisted at a time.
 */
export class EmbeddedDriver {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly fns: Map<string, DriverFunction>;
  private readonly limits: Record<string, number> = {};
  private readonly inflight = new Set<Promise<void>>();
  private readonly crons: CronScheduler;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private ticking = false;
  private running = false;

  constructor(private readonly o: DriverOptions) {
    this.fns = new Map(o.functions.map((f) => [f.id(o.appId), f]));
    for (const [id, fn] of this.fns) {
      const limit = concurrencyLimit(fn.opts.concurrency);
      if (limit) this.limits[id] = limit;
    }
    this.crons = new CronScheduler(o.functions.flatMap((f) => cronTriggers(f).map((cron) => ({ functionId: f.id(o.appId), cron }))), (functionId, event) =>
      this.insert(functionId, event),
    );
  }

  private get leaseMs() {
    return this.o.leaseMs ?? 60_000;
  }

  /** Starts a run of every function this event triggers; an event id already seen starts nothing new. */
  async enqueue(events: EventInput[]): Promise<string[]> {
    const ids: string[] = [];
    for (const input of events) {
      const event: StoredEvent = { name: input.name, data: input.data ?? {}, id: input.id ?? randomUUID(), ts: input.ts ?? Date.now() };
      for (const [functionId, fn] of this.fns) if (triggeredBy(fn, event.name)) await this.insert(functionId, event);
      ids.push(event.id);
    }
    this.wake();
    return ids;
  }

  private async insert(functionId: string, event: StoredEvent, nextRunAt?: Date) {
    await q.insertRun(this.o.db, { functionId, eventId: event.id, eventName: event.name, event, nextRunAt });
    this.wake();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.heartbeat = setInterval(() => void q.renewLeases(this.o.db, this.owner, new Date(Date.now() + this.leaseMs)).catch(() => {}), this.leaseMs / 3);
    this.heartbeat.unref();
    this.crons.start();
    this.wake();
  }

  /** Stops taking work and waits for runs in flight to reach their next saved state. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.crons.stop();
    await Promise.allSettled([...this.inflight]);
  }

  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), 0);
  }

  private async tick(): Promise<void> {
    if (this.ticking || !this.running) return;
    this.ticking = true;
    try {
      const free = (this.o.workers ?? 2) - this.inflight.size;
      const runs = free > 0 ? await q.claimDueRuns(this.o.db, { owner: this.owner, leaseMs: this.leaseMs, limit: free, limits: this.limits }) : [];
      for (const run of runs) {
        const work = this.advance(run)
          .catch((error) => console.error(`[mist] jobs: run ${run.id} stopped unexpectedly; it resumes when its lease ends.`, error))
          .finally(() => {
            this.inflight.delete(work);
            this.wake();
          });
        this.inflight.add(work);
      }
    } catch (error) {
      console.error('[mist] jobs: could not claim runs:', error instanceof Error ? error.message : error);
    } finally {
      this.ticking = false;
      if (this.running) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.tick(), this.o.pollMs ?? 1000);
      }
    }
  }

  /** Drives one leased run until it finishes, fails, sleeps, waits for a retry or loses its lease. */
  private async advance(run: JobRun): Promise<void> {
    const isFailure = run.functionId.endsWith('-failure') && !this.fns.has(run.functionId);
    const fn = this.fns.get(isFailure ? run.functionId.slice(0, -'-failure'.length) : run.functionId);
    if (!fn) return this.fail(run, `This version of MIST has no job function "${run.functionId}".`);
    const attempts = maxAttempts(fn, isFailure);
    const s: RunState = { steps: { ...run.steps }, stack: [...run.stack], planned: [...run.planned], parallel: run.parallel, attempt: run.attempt };
    const save = (patch: RunPatch) => q.updateLeasedRun(this.o.db, run.id, this.owner, patch);

    for (;;) {
      const now = Date.now();
      for (const p of s.planned.filter((p) => p.until && Date.parse(p.until) <= now)) this.record(s, p.id, null);
      const next = s.planned.find((p) => !p.until);
      if (!next && s.planned.length) {
        const wake = new Date(Math.min(...s.planned.map((p) => Date.parse(p.until!))));
        await save({ ...s, status: 'sleeping', nextRunAt: wake, currentStep: s.planned[0]!.name ?? 'sleep', leaseOwner: null, leaseUntil: null });
        return;
      }
      // Steps the SDK planned side by side (Promise.all) run side by side here too.
      const runnable = s.planned.filter((p) => !p.until);
      const targets = runnable.length > 1 ? runnable.map((p) => p.id) : [next?.id ?? 'step'];
      const responses = await Promise.all(targets.map((stepId) => this.call(run, s, attempts, stepId)));
      const res = responses.find((r) => r.status !== 206) ?? responses[0]!;
      if (res.status === 200) {
        await save({ ...s, status: 'completed', output: res.body ?? null, error: null, currentStep: null, finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
        return;
      }
      if (res.status === 500 && s.attempt + 1 < attempts) return this.retryLater(save, s, res, errorText(res.body), null);
      if (res.status !== 206) return this.fail(run, res.body, s);

      const ops = responses.flatMap((r) => r.body as Op[]);
      let failedStep: { op: Op; res: Call } | undefined;
      for (const r of responses) {
        for (const op of r.body as Op[]) {
          const name = op.displayName ?? op.name ?? op.id;
          if (op.op === 'StepRun') this.record(s, op.id, { type: 'data', data: op.data ?? null });
          else if (op.op === 'StepFailed') this.record(s, op.id, { type: 'error', error: op.error ?? null });
          else if (op.op === 'StepError') failedStep ??= { op, res: r };
          else if (op.op === 'StepPlanned') addPlanned(s, { id: op.id, name });
          else if (op.op === 'Sleep') addPlanned(s, { id: op.id, name: op.displayName ?? 'sleep', until: sleepUntil(op.name ?? '0s').toISOString() });
          else return this.fail(run, `The embedded job driver cannot run "${op.op}" steps (${name}). Configure Inngest to use them.`, s);
        }
      }
      if (ops.filter((op) => op.op === 'StepPlanned').length > 1) s.parallel = true;
      if (failedStep) {
        const { op, res: failed } = failedStep;
        const name = op.displayName ?? op.name ?? op.id;
        addPlanned(s, { id: op.id, name }, true);
        return this.retryLater(save, s, failed, errorText(op.error), name);
      }
      const current = s.planned.find((p) => !p.until)?.name ?? null;
      if (!(await save({ ...s, currentStep: current }))) return;
    }
  }

  private record(s: RunState, id: string, outcome: StepOutcome) {
    s.steps[id] = outcome;
    if (!s.stack.includes(id)) s.stack.push(id);
    s.planned = s.planned.filter((p) => p.id !== id);
    s.attempt = 0;
  }

  private async retryLater(save: (p: RunPatch) => Promise<boolean>, s: RunState, res: Call, error: string, step: string | null) {
    const delay = retryDelayMs(s.attempt, res.retryAfter, this.o.retryBaseMs ?? 1000);
    s.attempt += 1;
    await save({ ...s, status: 'queued', error, currentStep: step, nextRunAt: new Date(Date.now() + delay), leaseOwner: null, leaseUntil: null });
  }

  /** `error`: a message, or the SDK's serialized error ({ name, message }). */
  private async fail(run: JobRun, error: unknown, s?: RunState) {
    const saved = await q.updateLeasedRun(this.o.db, run.id, this.owner, {
      ...(s ?? {}),
      status: 'failed',
      error: errorText(error),
      finishedAt: new Date(),
      leaseOwner: null,
      leaseUntil: null,
    });
    const fn = this.fns.get(run.functionId);
    if (!saved || !fn?.opts.onFailure) return;
    const failure: StoredEvent = {
      name: FAILED_EVENT,
      data: { function_id: run.functionId, run_id: run.id, error: serializedError(error), event: run.event },
      id: `${run.id}:failure`,
      ts: Date.now(),
    };
    await this.insert(`${run.functionId}-failure`, failure);
  }

  private async call(run: JobRun, s: RunState, attempts: number, stepId: string): Promise<Call> {
    const event = run.event;
    const body = {
      version: 2,
      event,
      events: [event],
      steps: s.steps,
      ctx: {
        run_id: run.id,
        attempt: s.attempt,
        max_attempts: attempts,
        disable_immediate_execution: s.parallel,
        use_api: false,
        stack: { stack: s.stack, current: Math.max(0, s.stack.length - 1) },
      },
    };
    const text = canonicalJson(body);
    const url = `http://mist.internal/api/inngest?fnId=${encodeURIComponent(run.functionId)}&stepId=${encodeURIComponent(stepId)}`;
    const res = await this.o.post(
      new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-inngest-signature': signatureHeader(this.o.signingKey, text) }, body: text }),
    );
    const out = await res.text();
    if (!verifySignature(this.o.signingKey, out, res.headers.get('x-inngest-signature'))) {
      return { status: 400, body: { message: `The job handler answered ${res.status} without a valid signature.` }, retryAfter: null };
    }
    return { status: res.status, body: out ? JSON.parse(out) : null, retryAfter: res.headers.get('retry-after') };
  }
}

function addPlanned(s: RunState, step: PlannedStep, first = false) {
  if (s.planned.some((p) => p.id === step.id)) return;
  s.planned = first ? [step, ...s.planned] : [...s.planned, step];
}

function serializedError(error: unknown): { name: string; message: string } {
  const { name, message } = (error && typeof error === 'object' ? error : {}) as { name?: string; message?: string };
  return { name: name ?? 'Error', message: message ?? errorText(error) };
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, message } = error as { name?: string; message?: string };
    if (message) return name && name !== 'Error' ? `${name}: ${message}` : message;
  }
  return typeof error === 'string' ? error : 'The job failed without an error message.';
}
