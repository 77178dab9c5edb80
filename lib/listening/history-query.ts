import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { resolveTimeZone, zonedToInstant } from '@/lib/time-zone';
import { defaultRangeMs, GRANULARITIES, type Granularity, MAX_RANGE_DAYS, maxRangeMs } from './history-range';

export type HistoryQuery = { granularity: Granularity; tz: string; from: Date; to: Date };

// 2026-03-29 | 2026-03-29T14:00[:00[.000]] (wall time in tz) | the same ending in Z or ±hh:mm (an instant).
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const TIME_HELP = 'Expected a date (2026-03-29), a local time (2026-03-29T14:00) or an instant (2026-03-29T12:00:00Z).';

const schema = z.object({
  granularity: z.enum(GRANULARITIES, { error: `Expected one of ${GRANULARITIES.join(', ')}.` }).default('day'),
  tz: z.string({ error: 'Send your time zone, e.g. tz=Europe/Berlin (in a browser: Intl.DateTimeFormat().resolvedOptions().timeZone).' }),
  from: z.string().optional(),
  to: z.string().optional(),
});

function invalid(field: string, message: string): never {
  throw new AppError('validation_failed', `Invalid input. ${field}: ${message}`, { fieldErrors: { [field]: [message] } });
}

/** A date, local time or instant; wall times are read in `tz`. */
function parseTime(field: string, text: string, tz: string): Date {
  const m = TIME.exec(text);
  if (!m) invalid(field, TIME_HELP);
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const wall = Date.UTC(y!, mo! - 1, d!, h, mi, s, ms);
  const back = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March 2: a date that does not read back does not exist.
  if (y! < 1970 || y! > 9999 || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    invalid(field, `${text} is not a real date or time.`);
  }
  const zone = m[8];
  if (zone === undefined) return new Date(zonedToInstant(wall, tz));
  if (zone === 'Z') return back;
  const sign = zone[0] === '-' ? -1 : 1;
  const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
  if (oh > 18 || om > 59) invalid(field, `${zone} is not a UTC offset.`);
  return new Date(wall - sign * (oh * 60 + om) * 60_000);
}

/**
 * The history route's query string, checked: a granularity, an IANA time zone and a range
 * (default: the granularity's usual span, ending now) no longer than the granularity allows.
 * Every failure is a 400 that says what to send instead.
 */
export function parseHistoryQuery(params: URLSearchParams, now = new Date()): HistoryQuery {
  const input = schema.parse(Object.fromEntries(params));
  const tz = resolveTimeZone(input.tz);
  if (!tz) invalid('tz', `${JSON.stringify(input.tz.slice(0, 64))} is not a time zone. Send an IANA name such as Europe/Berlin or America/New_York.`);
  const g = input.granularity;
  const to = input.to !== undefined ? parseTime('to', input.to, tz) : now;
  const from = input.from !== undefined ? parseTime('from', input.from, tz) : new Date(to.getTime() - defaultRangeMs(g));
  if (from.getTime() >= to.getTime()) invalid('from', 'from must be before to.');
  const days = Math.ceil((to.getTime() - from.getTime()) / 86_400_000);
  if (to.getTime() - from.getTime() > maxRangeMs(g)) {
    const longer = GRANULARITIES.filter((other) => MAX_RANGE_DAYS[other] > MAX_RANGE_DAYS[g]);
    const alternatives = longer.length > 1 ? `${longer.slice(0, -1).join(', ')} or ${longer.at(-1)}` : longer[0];
    invalid('to', `${days} days is too long for ${g} buckets: at most ${MAX_RANGE_DAYS[g]} days.${alternatives ? ` Use ${alternatives} buckets for a longer range.` : ''}`);
  }
  return { granularity: g, tz, from, to };
}
