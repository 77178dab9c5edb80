'use client';

import { useActionState } from 'react';
import { rebuildRecommendationsAction } from '@/app/admin/jobs/actions';
import { Button } from '@/components/ui/button';

export type LastNeighbourRun = { at: string; playsRead: number; pairsUpdated: number; tracksUpdated: number; durationMs: number } | null;

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "Rebuild recommendations": reads the plays counted since the last run now, and says what the last run did. */
export function RebuildRecommendations({ last }: { last: LastNeighbourRun }) {
  const [state, action, pending] = useActionState(rebuildRecommendationsAction, null);
  return (
    <section aria-labelledby="recommendations-heading" className="space-y-2 rounded-xl border border-line bg-surface p-4 text-sm">
      <h2 id="recommendations-heading" className="text-base font-semibold">
        Recommendations
      </h2>
      <p className="text-muted">
        {last
          ? `Last run ${last.at} UTC: ${count(last.playsRead, 'play', 'plays')} read, ${count(last.pairsUpdated, 'pair', 'pairs')} updated, ${count(last.tracksUpdated, 'track', 'tracks')} re-ranked, took ${last.durationMs < 1000 ? `${last.durationMs} ms` : `${(last.durationMs / 1000).toFixed(1)} s`}.`
          : 'Co-listening neighbours have not been built yet. They are built every hour from new plays.'}
      </p>
      <form action={action} className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending}>
          Rebuild recommendations
        </Button>
        {state ? <span role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-ok' : 'text-danger'}>{state.message}</span> : null}
      </form>
    </section>
  );
}
