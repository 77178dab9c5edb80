import type { Granularity, HistoryBucket } from '@/lib/listening/history-range';
import type { ChartPoint } from '@/components/charts/listening-chart';

export type RangeId = '24h' | '7d' | '30d' | '12m';

type Range = { id: RangeId; label: string; granularities: Granularity[]; bounds(now: Date): { from: string; to: string } };

const pad = (n: number) => String(n).padStart(2, '0');
/** A local calendar date of the browser, as the route reads dates: midnight in `tz`. */
const localDate = (y: number, m: number, d: number) => {
  const date = new Date(y, m, d);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};
const lastDays = (n: number) => (now: Date) => ({
  from: localDate(now.getFullYear(), now.getMonth(), now.getDate() - (n - 1)),
  to: localDate(now.getFullYear(), now.getMonth(), now.getDate() + 1),
});

/** What the picker offers; the first granularity of each is its default. */
export const RANGES: Range[] = [
  {
    id: '24h',
    label: '24 hours',
    granularities: ['hour'],
    bounds: (now) => {
      const hour = new Date(now);
      hour.setMinutes(0, 0, 0);
      return { from: new Date(hour.getTime() - 23 * 3_600_000).toISOString(), to: new Date(hour.getTime() + 3_600_000).toISOString() };
    },
  },
  { id: '7d', label: '7 days', granularities: ['day', 'hour'], bounds: lastDays(7) },
  { id: '30d', label: '30 days', granularities: ['day', 'week'], bounds: lastDays(30) },
  {
    id: '12m',
    label: '12 months',
    granularities: ['month', 'week', 'day'],
    bounds: (now) => ({ from: localDate(now.getFullYear(), now.getMonth() - 11, 1), to: localDate(now.getFullYear(), now.getMonth() + 1, 1) }),
  },
];

const fmt = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(undefined, options);
const labels: Record<Granularity, { label: Intl.DateTimeFormat; title: (d: Date) => string }> = {
  hour: { label: fmt({ hour: 'numeric' }), title: (d) => fmt({ weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(d) },
  day: { label: fmt({ day: 'numeric', month: 'short' }), title: (d) => fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d) },
  week: { label: fmt({ day: 'numeric', month: 'short' }), title: (d) => `Week of ${fmt({ weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(d)}` },
  month: { label: fmt({ month: 'short', year: '2-digit' }), title: (d) => fmt({ month: 'long', year: 'numeric' }).format(d) },
};

/** Buckets as chart points, labelled in the browser's time zone (the one sent as `tz`). */
export function toChartPoints(buckets: HistoryBucket[], granularity: Granularity): ChartPoint[] {
  const l = labels[granularity];
  return buckets.map((b) => {
    const start = new Date(b.start);
    return { label: l.label.format(start), title: l.title(start), plays: b.plays, minutes: b.minutesHeard };
  });
}

export const GRANULARITY_LABEL: Record<Granularity, string> = { hour: 'By hour', day: 'By day', week: 'By week', month: 'By month' };

