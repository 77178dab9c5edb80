import { Cron } from 'croner';
import type { StoredEvent } from './functions';

type CronTrigger = { functionId: string; cron: string };

/** Inngest writes a time zone as a prefix: "TZ=Europe/Paris 0 3 * * *". */
export function parseCron(expression: string): { pattern: string; timezone?: string } {
  const match = /^(?:CRON_TZ|TZ)=(\S+)\s+(.+)$/.exec(expression.trim());
  return match ? { pattern: match[2]!, timezone: match[1] } : { pattern: expression.trim() };
}

/**
 * Starts cron-triggered functions on time. Each firing gets an event id made of the
 * function and the scheduled minute, so several MIST instances sharing a database (or a
 * quick restart) still start each scheduled run once.
 */
export class CronScheduler {
  private jobs: Cron[] = [];

  constructor(
    private readonly triggers: CronTrigger[],
    private readonly fire: (functionId: string, event: StoredEvent) => Promise<void>,
  ) {}

  start(): void {
    for (const { functionId, cron } of this.triggers) {
      const { pattern, timezone } = parseCron(cron);
      const job: Cron = new Cron(pattern, { timezone, unref: true, protect: true }, async () => {
        // The slot this firing belongs to (not the clock, which runs a few ms late).
        const slot = job.previousRuns(1, new Date(Date.now() + 1))[0] ?? new Date(Math.floor(Date.now() / 1000) * 1000);
        const at = slot.toISOString();
        const event: StoredEvent = { name: 'inngest/scheduled.timer', data: { cron }, id: `cron:${functionId}:${at}`, ts: Date.now() };
        await this.fire(functionId, event).catch((error) => console.error(`[mist] jobs: could not schedule ${functionId}:`, error));
      });
      this.jobs.push(job);
    }
  }

  stop(): void {
    this.jobs.forEach((job) => job.stop());
    this.jobs = [];
  }
}
