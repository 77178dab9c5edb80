'use client';

import { useEffect, useRef, useState } from 'react';

export type Page<T> = { rows: T[]; next: string | null };

/** Rows asked for as the list scrolls, and at a time when Play needs the whole list. */
const MORE = 200;
const ALL = 1000;

/**
 * A long list shown a page at a time (a playlist, Liked songs): the next page loads as the
 * element given `endRef` comes into view, and `whole()` fetches the pages not loaded yet, for
 * Play and Shuffle. `fetchPage` gives the page after a cursor, or null when it cannot be read.
 */
export function usePagedList<T>(initial: T[], firstNext: string | null, fetchPage: (after: string, limit: number) => Promise<Page<T> | null>) {
  const [items, setItems] = useState(initial);
  const [next, setNext] = useState(firstNext);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);
  useEffect(() => (setItems(initial), setNext(firstNext)), [initial, firstNext]);

  async function loadMore() {
    // A ref, not the state: the observer may fire again before React re-renders.
    if (!next || inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    const page = await fetchPage(next, MORE);
    inFlight.current = false;
    setLoading(false);
    setLoadError(!page);
    if (page) setItems((list) => [...list, ...page.rows]), setNext(page.next);
  }

  /** Everything: the pages not loaded yet, fetched now (and shown). */
  async function whole(): Promise<T[]> {
    let list = items;
    let cursor = next;
    while (cursor) {
      const page = await fetchPage(cursor, ALL);
      if (!page) break;
      list = [...list, ...page.rows];
      cursor = page.next;
    }
    setItems(list);
    setNext(cursor);
    return list;
  }

  // The next page loads as the end of the list comes into view.
  useEffect(() => {
    const el = endRef.current;
    if (!el || !next || loadError) return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '600px' });
    seen.observe(el);
    return () => seen.disconnect();
  });

  return { items, setItems, next, loading, loadError, loadMore, whole, endRef };
}

/** The end of a paged list: "Show more", which the list also presses itself as it scrolls there. */
export function ShowMore({ list, total }: { list: Pick<ReturnType<typeof usePagedList<unknown>>, 'items' | 'next' | 'loading' | 'loadError' | 'loadMore' | 'endRef'>; total: number }) {
  if (!list.next) return null;
  return (
    <div ref={list.endRef} className="flex justify-center py-2">
      <button type="button" onClick={() => void list.loadMore()} disabled={list.loading} className="rounded-full border border-line px-4 py-2 text-sm hover:bg-surface-2 disabled:opacity-60">
        {list.loading ? 'Loading…' : list.loadError ? 'Could not load more tracks. Try again' : `Show more (${list.items.length} of ${total} shown)`}
      </button>
    </div>
  );
}
