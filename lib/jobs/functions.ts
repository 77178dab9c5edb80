import { concurrencyLimit } from './protocol';

/** What the driver reads from an Inngest function object (see lib/jobs/README.md). */
export type DriverFunction = {
  id(appId?: string): string;
  opts: {
    triggers?: Array<{ event?: string | { name: string }; cron?: string; if?: string }>;
    retries?: number;
    concurrency?: unknown;
    onFailure?: unknown;
    [option: string]: unknown;
  };
};

export type EventInput = { name: string; data?: Record<string, unknown>; id?: string; ts?: number };
export type StoredEvent = { name: string; data: Record<string, unknown>; id: string; ts: number };

const DEFAULT_RETRIES = 3;

export function maxAttempts(fn: DriverFunction, isFailureHandler: boolean): number {
  // onFailure handlers are registered with one retry.
  return isFailureHandler ? 2 : (fn.opts.retries ?? DEFAULT_RETRIES) + 1;
}

function eventName(trigger: { event?: string | { name: string } }): string | undefined {
  return typeof trigger.event === 'string' ? trigger.event : trigger.event?.name;
}

/** Does this function start on this event? Wildcard triggers (`app/*`) match by prefix. */
export function triggeredBy(fn: DriverFunction, name: string): boolean {
  return (fn.opts.triggers ?? []).some((t) => {
    const e = eventName(t);
    return e === name || (!!e?.endsWith('*') && name.startsWith(e.slice(0, -1)));
  });
}

export function cronTriggers(fn: DriverFunction): string[] {
  return (fn.opts.triggers ?? []).flatMap((t) => (t.cron ? [t.cron] : []));
}

const IGNORED_OPTIONS = ['throttle', 'rateLimit', 'debounce', 'priority', 'batchEvents', 'idempotency', 'singleton', 'cancelOn', 'timeouts'];

/** Step kinds the embedded driver cannot run: a run that reaches one fails and says so. */
export const INNGEST_ONLY_STEPS = ['step.waitForEvent', 'step.invoke', 'step.ai'];

/**
 * Options these functions set that the embedded driver does not honour (none of MIST's own
 * today), for a start-up warning that only appears when there is something to say.
 */
export function unsupportedFeatures(functions: DriverFunction[], appId: string): string[] {
  const found: string[] = [];
  for (const fn of functions) {
    const id = fn.id(appId);
    for (const option of IGNORED_OPTIONS) if (fn.opts[option] !== undefined) found.push(`${id}: ${option}`);
    if (fn.opts.concurrency !== undefined && concurrencyLimit(fn.opts.concurrency) === undefined) found.push(`${id}: keyed concurrency`);
    if ((fn.opts.triggers ?? []).some((t) => t.if)) found.push(`${id}: trigger "if" expressions`);
  }
  return found;
}
