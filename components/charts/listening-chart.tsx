'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';

/** One bar: `label` under the axis, `title` in the tooltip. */
export type ChartPoint = { label: string; title: string; plays: number; minutes: number };

const tick = { fill: 'var(--muted)', fontSize: 12 };
const minutes = (n: number) => (n >= 100 ? Math.round(n).toLocaleString() : n.toLocaleString(undefined, { maximumFractionDigits: 1 }));

function PointTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-line bg-surface px-3 py-2 text-sm shadow-lg">
      <p className="font-medium">{point.title}</p>
      <p className="text-muted">
        <span className="text-fg tabular-nums">{point.plays.toLocaleString()}</span> {point.plays === 1 ? 'play' : 'plays'} ·{' '}
        <span className="text-fg tabular-nums">{minutes(point.minutes)}</span> min heard
      </p>
    </div>
  );
}

/**
 * Plays (bars, left axis) and minutes heard (line, right axis) per bucket. The SVG is hidden
 * from screen readers behind `summary`; pages print the totals as text too.
 */
export function ListeningChart({ data, summary, height = 260 }: { data: ChartPoint[]; summary: string; height?: number }) {
  return (
    <div role="img" aria-label={summary} className="w-full">
      <ComposedChart responsive style={{ width: '100%', height }} data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" vertical={false} />
        <XAxis dataKey="label" tick={tick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} interval="preserveStartEnd" minTickGap={12} />
        <YAxis yAxisId="plays" allowDecimals={false} tick={tick} tickLine={false} axisLine={false} width={36} />
        <YAxis yAxisId="minutes" orientation="right" tick={tick} tickLine={false} axisLine={false} width={56} unit=" min" />
        <Tooltip content={PointTooltip} cursor={{ fill: 'var(--surface-2)' }} isAnimationActive={false} />
        <Legend verticalAlign="top" align="right" height={28} iconSize={10} itemSorter={null} wrapperStyle={{ fontSize: 12, color: 'var(--muted)' }} />
        <Bar yAxisId="plays" dataKey="plays" name="Plays" fill="var(--accent)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        <Line yAxisId="minutes" dataKey="minutes" name="Minutes heard" type="monotone" stroke="var(--ok)" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </div>
  );
}
