import Link from 'next/link';

/** "All · queued (3) · failed (1) …" links over a status list; the current one is marked. */
export function StatusFilter<S extends string>({ base, statuses, current, counts }: { base: string; statuses: readonly S[]; current?: S; counts: Partial<Record<S, number>> }) {
  return (
    <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
      {[undefined, ...statuses].map((s) => (
        <Link key={s ?? 'all'} href={s ? `${base}?status=${s}` : base} aria-current={s === current ? 'page' : undefined} className={s === current ? 'rounded-md bg-surface-2 px-3 py-1' : 'rounded-md px-3 py-1 text-muted hover:text-fg'}>
          {s ?? 'All'} {s ? `(${counts[s] ?? 0})` : ''}
        </Link>
      ))}
    </nav>
  );
}

/** Reads `?status=` against the allowed values; anything else means all. */
export function statusParam<S extends string>(statuses: readonly S[], value: string | undefined): S | undefined {
  return (statuses as readonly string[]).includes(value ?? '') ? (value as S) : undefined;
}
