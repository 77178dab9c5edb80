import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A home shelf: a title, "Show all" when there is more, and a row that scrolls sideways
 * (on a phone too, inside the page's width: the row scrolls, never the page).
 */
export function Shelf({ id, title, more, children }: { id: string; title: ReactNode; more?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-3">
      <div className="flex items-baseline justify-between gap-4">
        <h2 id={id} className="truncate text-xl font-semibold">
          {title}
        </h2>
        {more ? (
          <Link href={more} className="shrink-0 text-sm text-muted hover:text-fg hover:underline">
            Show all
          </Link>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/** The sideways-scrolling row of a shelf; each child is one card of the same width. */
export function ShelfRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul aria-label={label} className="-mx-1 flex snap-x gap-4 overflow-x-auto overscroll-x-contain px-1 pb-2 [scrollbar-width:thin]">
      {children}
    </ul>
  );
}

export const shelfItemClass = 'w-36 shrink-0 snap-start sm:w-44';
