import clsx from 'clsx';
import Link from 'next/link';
import { AnalyticsTables } from '@/components/admin/analytics-tables';
import { ListeningChart } from '@/components/charts/listening-chart';
import { getDb } from '@/db';
import { formatHeard } from '@/lib/format';
import { requireAdmin } from '@/lib/auth/session';
import { ACTIVE_WITHIN_SECONDS, ANALYTICS_WINDOWS, getAnalytics, windowParam } from '@/lib/listening/analytics';

export const metadata = { title: 'Analytics' };

type Props = { searchParams: Promise<{ days?: string }> };

const number = new Intl.NumberFormat('en');
const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayTitle = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function Stat({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="rounded-xl border border-line bg-surface p-4">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      <dd className="mt-1 text-xs text-muted">{note}</dd>
    </div>
  );
}

export default async function AdminAnalyticsPage({ searchParams }: Props) {
  await requireAdmin('/admin/analytics');
  const days = windowParam((await searchParams).days);
  const a = await getAnalytics(await getDb(), days);
  const sessions = a.totals.plays + a.totals.skips;
  const points = a.daily.map((d) => {
    const date = new Date(`${d.day}T00:00:00Z`);
    return { label: dayLabel.format(date), title: dayTitle.format(date), plays: d.plays, minutes: Math.round(d.msHeard / 6_000) / 10 };
  });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-3xl font-semibold">Analytics</h1>
        <nav aria-label="Window" className="inline-flex rounded-md border border-line bg-surface p-0.5 text-sm">
          {ANALYTICS_WINDOWS.map((w) => (
            <Link
              key={w}
              href={`/admin/analytics?days=${w}`}
              aria-current={w === days ? 'page' : undefined}
              className={clsx('rounded px-3 py-1', w === days ? 'bg-surface-2 font-medium text-fg' : 'text-muted hover:text-fg')}
            >
              {w} days
            </Link>
          ))}
        </nav>
      </div>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          label="Listening now"
          value={number.format(a.active.listeners)}
          note={`${a.active.sessions} open ${a.active.sessions === 1 ? 'session' : 'sessions'} heard from in the last ${ACTIVE_WITHIN_SECONDS / 60} min`}
        />
        <Stat label="Plays" value={number.format(a.totals.plays)} note={`last ${days} days (UTC)`} />
        <Stat label="Time heard" value={formatHeard(a.totals.msHeard)} note={`last ${days} days, skips included`} />
        <Stat
          label="Skip rate"
          value={sessions ? `${Math.round((a.totals.skips / sessions) * 100)}%` : '–'}
          note={`${number.format(a.totals.skips)} skips of ${number.format(sessions)} sessions`}
        />
      </dl>
      <section aria-labelledby="per-day" className="space-y-2 rounded-xl border border-line bg-surface p-4">
        <h2 id="per-day" className="font-semibold">
          Plays and minutes heard per day <span className="text-sm font-normal text-muted">(UTC)</span>
        </h2>
        <ListeningChart data={points} summary={`${a.totals.plays} plays and ${formatHeard(a.totals.msHeard)} heard over the last ${days} days`} />
      </section>
      <AnalyticsTables analytics={a} />
    </div>
  );
}
