'use client';

import clsx from 'clsx';
import { History, RotateCw } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { ListeningChart } from '@/components/charts/listening-chart';
import { Button, buttonClass } from '@/components/ui/button';
import { formatHeard } from '@/lib/format';
import type { Granularity, HistoryResponse, RecentPlay } from '@/lib/listening/history-range';
import { fetchJson } from './fetch-json';
import { GRANULARITY_LABEL, RANGES, type RangeId, toChartPoints } from './ranges';
import { RecentPlays } from './recent-plays';

const PAGE = 30;
type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; data: T };
type Plays = { items: RecentPlay[]; hasMore: boolean; more: 'idle' | 'loading' | 'error' };

/**
 * The /history page's body: asks for buckets in the browser's own time zone, and for the
 * recent plays a page at a time. Loading, empty, error and full are each drawn on purpose.
 */
export function HistoryView() {
  const [rangeId, setRangeId] = useState<RangeId>('30d');
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [attempt, setAttempt] = useState(0);
  const [history, setHistory] = useState<Load<HistoryResponse & { key: string }>>({ status: 'loading' });
  const [plays, setPlays] = useState<Load<Plays>>({ status: 'loading' });
  const range = RANGES.find((r) => r.id === rangeId)!;

  useEffect(() => {
    const abort = new AbortController();
    const { from, to } = range.bounds(new Date());
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const query = new URLSearchParams({ granularity, from, to, tz });
    setHistory((h) => (h.status === 'ok' ? h : { status: 'loading' }));
    fetchJson<HistoryResponse>(`/api/me/history?${query}`, abort.signal).then(
      (data) => setHistory({ status: 'ok', data: { ...data, key: `${range.id} ${granularity}` } }),
      (e: Error) => abort.signal.aborted || setHistory({ status: 'error', message: e.message }),
    );
    return () => abort.abort();
  }, [range, granularity, attempt]);

  useEffect(() => {
    const abort = new AbortController();
    setPlays({ status: 'loading' });
    fetchJson<{ plays: RecentPlay[] }>(`/api/me/plays?limit=${PAGE}`, abort.signal).then(
      ({ plays: items }) => setPlays({ status: 'ok', data: { items, hasMore: items.length === PAGE, more: 'idle' } }),
      (e: Error) => abort.signal.aborted || setPlays({ status: 'error', message: e.message }),
    );
    return () => abort.abort();
  }, [attempt]);

  const showMore = useCallback(async () => {
    if (plays.status !== 'ok') return;
    const current = plays.data;
    setPlays({ status: 'ok', data: { ...current, more: 'loading' } });
    try {
      const { plays: next } = await fetchJson<{ plays: RecentPlay[] }>(`/api/me/plays?limit=${PAGE}&offset=${current.items.length}`);
      setPlays({ status: 'ok', data: { items: [...current.items, ...next], hasMore: next.length === PAGE, more: 'idle' } });
    } catch {
      setPlays({ status: 'ok', data: { ...current, more: 'error' } });
    }
  }, [plays]);

  const pick = (id: RangeId) => {
    const next = RANGES.find((r) => r.id === id)!;
    setRangeId(id);
    if (!next.granularities.includes(granularity)) setGranularity(next.granularities[0]!);
  };

  const retry = () => setAttempt((n) => n + 1);
  if (plays.status === 'error') return <Failed message={plays.message} retry={retry} />;
  if (history.status === 'error') return <Failed message={history.message} retry={retry} />;
  if (plays.status === 'loading' || history.status === 'loading') return <Skeleton />;
  if (plays.data.items.length === 0) return <Empty />;

  const h = history.data;
  const stale = h.key !== `${rangeId} ${granularity}`;
  const total = h.buckets.reduce((t, b) => ({ plays: t.plays + b.plays, minutes: t.minutes + b.minutesHeard }), { plays: 0, minutes: 0 });
  const summary = `${total.plays} ${total.plays === 1 ? 'play' : 'plays'}, ${formatHeard(total.minutes * 60_000)} heard in the last ${range.label}`;
  return (
    <div className="space-y-8">
      <section aria-labelledby="over-time" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="over-time" className="text-xl font-semibold">
            Over time
          </h2>
          <div className="flex flex-wrap items-center gap-2">
            <div role="group" aria-label="Range" className="inline-flex rounded-md border border-line bg-surface p-0.5">
              {RANGES.map((r) => (
                <button
                  key={r.id}
                  type="button"
                  aria-pressed={r.id === rangeId}
                  onClick={() => pick(r.id)}
                  className={clsx('rounded px-2.5 py-1 text-sm', r.id === rangeId ? 'bg-surface-2 font-medium text-fg' : 'text-muted hover:text-fg')}
                >
                  {r.label}
                </button>
              ))}
            </div>
            <label className="sr-only" htmlFor="granularity">
              Group plays
            </label>
            <select
              id="granularity"
              value={granularity}
              disabled={range.granularities.length < 2}
              onChange={(e) => setGranularity(e.target.value as Granularity)}
              className="rounded-md border border-line bg-surface px-2 py-1.5 text-sm disabled:opacity-60"
            >
              {range.granularities.map((g) => (
                <option key={g} value={g}>
                  {GRANULARITY_LABEL[g]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="text-sm text-muted">
          <span className="font-medium text-fg tabular-nums">{total.plays.toLocaleString()}</span> {total.plays === 1 ? 'play' : 'plays'} ·{' '}
          <span className="font-medium text-fg tabular-nums">{formatHeard(total.minutes * 60_000)}</span> heard · times in {h.tz.replaceAll('_', ' ')}
        </p>
        <div aria-busy={stale} className={clsx('rounded-xl border border-line bg-surface p-3 transition-opacity', stale && 'opacity-50')}>
          <ListeningChart data={toChartPoints(h.buckets, h.granularity)} summary={summary} />
          {total.plays === 0 && total.minutes === 0 ? <p className="pb-2 text-center text-sm text-muted">No plays in this range.</p> : null}
        </div>
      </section>
      <section aria-labelledby="recent-plays" className="space-y-3">
        <h2 id="recent-plays" className="text-xl font-semibold">
          Recently played
        </h2>
        <RecentPlays plays={plays.data.items} />
        {plays.data.more === 'error' ? <p className="text-sm text-danger">Could not load more plays.</p> : null}
        {plays.data.hasMore || plays.data.more === 'error' ? (
          <Button variant="secondary" onClick={showMore} disabled={plays.data.more === 'loading'}>
            {plays.data.more === 'loading' ? 'Loading…' : plays.data.more === 'error' ? 'Try again' : 'Show more'}
          </Button>
        ) : null}
      </section>
    </div>
  );
}

function Skeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your history" className="space-y-8">
      <div className="space-y-3">
        <div className="h-7 w-40 animate-pulse rounded bg-surface-2" />
        <div className="h-[278px] animate-pulse rounded-xl border border-line bg-surface" />
      </div>
      <div className="space-y-3">
        <div className="h-7 w-48 animate-pulse rounded bg-surface-2" />
        <ul className="divide-y divide-line overflow-hidden rounded-xl border border-line">
          {Array.from({ length: 6 }, (_, i) => (
            <li key={i} className="flex items-center gap-3 px-3 py-2">
              <div className="size-10 animate-pulse rounded bg-surface-2" />
              <div className="flex-1 space-y-1.5">
                <div className="h-4 w-1/3 animate-pulse rounded bg-surface-2" />
                <div className="h-3 w-1/4 animate-pulse rounded bg-surface-2" />
              </div>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Empty() {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-line bg-surface p-10 text-center">
      <History aria-hidden size={36} className="text-muted" />
      <p className="text-lg font-medium">Nothing played yet</p>
      <p className="max-w-sm text-sm text-muted">Play something and it shows up here. A track counts once you have heard 30 seconds of it (or half of a short one).</p>
      <Link href="/" className={buttonClass()}>
        Find something to play
      </Link>
    </div>
  );
}

function Failed({ message, retry }: { message: string; retry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-center gap-3 rounded-xl border border-danger/40 bg-danger/10 p-10 text-center">
      <p className="text-lg font-medium">Your history could not be loaded</p>
      <p className="max-w-md text-sm text-muted">{message}</p>
      <Button variant="secondary" onClick={retry}>
        <RotateCw aria-hidden size={16} />
        Try again
      </Button>
    </div>
  );
}
