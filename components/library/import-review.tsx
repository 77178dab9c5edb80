'use client';

import clsx from 'clsx';
import { Cover } from '@/components/catalog/cover';
import { confidenceLabel, type ConfidenceLabel } from '@/lib/library/import-match';
import { formatDuration } from '@/lib/format';
import type { ImportCandidate, ImportLine } from './import-api';

/** What the listener decided for one line: the track chosen (or none) and whether it is kept. */
export type LineChoice = { trackId: string | null; keep: boolean; picked: boolean };

const BADGE: Record<ConfidenceLabel, { text: string; className: string }> = {
  exact: { text: 'Exact', className: 'bg-ok/15 text-ok' },
  likely: { text: 'Likely', className: 'bg-accent/15 text-accent' },
  unsure: { text: 'Unsure', className: 'bg-amber-500/15 text-amber-700 dark:text-amber-300' },
  'not-found': { text: 'Not found', className: 'bg-danger/15 text-danger' },
};

export function ConfidenceBadge({ confidence, picked }: { confidence: number | null; picked?: boolean }) {
  const label = confidenceLabel(confidence);
  const badge = picked ? { text: 'Your pick', className: 'bg-accent/15 text-accent' } : BADGE[label];
  const percent = confidence !== null && label !== 'exact' && !picked ? ` ${Math.round(confidence * 100)}%` : '';
  return <span className={clsx('inline-block shrink-0 whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium', badge.className)}>{badge.text + percent}</span>;
}

/** The line's candidates, best first: the match, then the alternatives. */
export const candidatesOf = (line: ImportLine): ImportCandidate[] => (line.match ? [line.match, ...line.alternatives] : line.alternatives);

const describe = (c: ImportCandidate) => `${c.track.title} — ${c.track.artist ?? 'Unknown artist'}${c.track.album ? ` · ${c.track.album}` : ''} (${Math.round(c.confidence * 100)}%)`;

/** One line of the file: what it said, the track it will add, how sure that is, and other picks. */
export function ImportRow({ line, choice, onChange }: { line: ImportLine; choice: LineChoice; onChange: (choice: LineChoice) => void }) {
  const candidates = candidatesOf(line);
  const chosen = candidates.find((c) => c.track.id === choice.trackId) ?? null;
  const said = [line.parsed.artist, line.parsed.title].filter(Boolean).join(' – ');
  return (
    <li data-line={line.line} className={clsx('flex gap-3 border-b border-line px-2 py-3', !choice.keep && 'opacity-60')}>
      <input
        type="checkbox"
        className="mt-1 size-4 shrink-0 accent-[var(--accent)]"
        aria-label={`Keep line ${line.line}: ${said}`}
        checked={choice.keep}
        disabled={!chosen}
        onChange={(e) => onChange({ ...choice, keep: e.target.checked })}
      />
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex items-start justify-between gap-2">
          <p className="min-w-0 truncate text-sm text-muted" title={line.text}>
            <span className="tabular-nums">{line.line}.</span> {said}
          </p>
          <ConfidenceBadge confidence={chosen ? chosen.confidence : null} picked={choice.picked && !!chosen} />
        </div>
        {chosen ? (
          <div className="flex items-center gap-3">
            <Cover url={chosen.track.coverUrl} title={chosen.track.title} size={40} />
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">{chosen.track.title}</p>
              <p className="truncate text-sm text-muted">
                {chosen.track.artist ?? 'Unknown artist'}
                {chosen.track.album ? ` · ${chosen.track.album}` : ''}
              </p>
            </div>
            {chosen.track.durationMs ? <span className="shrink-0 text-sm tabular-nums text-muted">{formatDuration(chosen.track.durationMs)}</span> : null}
          </div>
        ) : (
          <p className="text-sm">{candidates.length ? 'No sure match: pick one of the close ones, or leave it out.' : 'Not in the library: this line will be left out.'}</p>
        )}
        {candidates.length > (chosen ? 1 : 0) ? (
          <select
            aria-label={`Track for line ${line.line}`}
            className="block w-full max-w-full truncate rounded-md border border-line bg-bg px-2 py-1.5 text-sm text-fg"
            value={choice.trackId ?? ''}
            onChange={(e) => onChange({ trackId: e.target.value || null, keep: e.target.value !== '', picked: e.target.value !== (line.match?.track.id ?? '') })}
          >
            <option value="">{chosen ? 'None: leave this line out' : 'Choose a track…'}</option>
            {candidates.map((c) => (
              <option key={c.track.id} value={c.track.id}>
                {describe(c)}
              </option>
            ))}
          </select>
        ) : null}
      </div>
    </li>
  );
}
