import clsx from 'clsx';
import Link from 'next/link';

/** A sort control made of links (each sort has its own address, linkable, no script needed). */
export function SortLinks<S extends string>({ label, options, current, href }: { label: string; options: { value: S; label: string }[]; current: S; href: (sort: S) => string }) {
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-muted">Sort by</span>
      {options.map((o) => (
        <Link
          key={o.value}
          href={href(o.value)}
          aria-current={o.value === current ? 'true' : undefined}
          className={clsx('rounded-full border px-3 py-1', o.value === current ? 'border-accent bg-accent/15 text-fg' : 'border-line text-muted hover:text-fg')}
        >
          {o.label}
        </Link>
      ))}
    </nav>
  );
}

/** Keyset pages: "Next page" from the cursor, and back to the first; the browser's Back goes one page back. */
export function KeysetPager({ first, next, isFirst }: { first: string; next: string | null; isFirst: boolean }) {
  if (isFirst && !next) return null;
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {!isFirst ? (
        <Link href={first} className="text-accent hover:underline">
          ← First page
        </Link>
      ) : null}
      {next ? (
        <Link href={next} className="text-accent hover:underline">
          Next page →
        </Link>
      ) : (
        <span className="text-muted">The end</span>
      )}
    </nav>
  );
}
