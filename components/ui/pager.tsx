import Link from 'next/link';

/** Previous / next links for a list that can grow; `href(page)` builds each link. */
export function Pager({ page, hasNext, href }: { page: number; hasNext: boolean; href: (page: number) => string }) {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="text-accent hover:underline">
          ← Previous
        </Link>
      ) : null}
      <span className="text-muted">Page {page}</span>
      {hasNext ? (
        <Link href={href(page + 1)} className="text-accent hover:underline">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}

export const pageParam = (value: string | undefined) => Math.max(1, Math.min(10_000, Math.floor(Number(value)) || 1));
