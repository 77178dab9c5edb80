'use client';

import { X } from 'lucide-react';
import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useHydrated } from '@/components/player/play-button';
import { AddToPlaylist } from './add-to-playlist';

type Selection = { ids: string[]; selected: Set<number>; toggle: (index: number, range: boolean) => void; clear: () => void };
const SelectionContext = createContext<Selection | null>(null);

/** Rows that can be ticked (shift-click ticks a range) and added to a playlist together. */
export function SelectableList({ ids, children }: { ids: string[]; children: ReactNode }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const value = useMemo<Selection>(
    () => ({
      ids,
      selected,
      toggle(index, range) {
        // The anchor as it was at this click: React may run the updater later, after the next
        // line has moved it (then a shift-click ticked only its own row).
        const last = anchor.current;
        anchor.current = index;
        setSelected((s) => {
          const next = new Set(s);
          const on = !s.has(index);
          const from = range && last !== null ? Math.min(last, index) : index;
          const to = range && last !== null ? Math.max(last, index) : index;
          for (let i = from; i <= to; i++) {
            if (on || !range) on ? next.add(i) : next.delete(i);
          }
          return next;
        });
      },
      clear: () => setSelected(new Set()),
    }),
    [ids, selected],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

/** A row's tick box. */
export function RowCheckbox({ index, title }: { index: number; title: string }) {
  const s = useContext(SelectionContext);
  const hydrated = useHydrated();
  if (!s) return null;
  const on = s.selected.has(index);
  return (
    <input
      type="checkbox"
      aria-label={`Select ${title}`}
      checked={on}
      disabled={!hydrated}
      onChange={() => {}}
      onClick={(e) => s.toggle(index, e.shiftKey)}
      className={`hidden size-4 shrink-0 accent-[var(--accent)] sm:block ${on || s.selected.size > 0 ? '' : 'opacity-40 hover:opacity-100 focus-visible:opacity-100'}`}
    />
  );
}

/** Shown while rows are ticked: how many, "Add to playlist", clear. */
export function SelectionBar() {
  const s = useContext(SelectionContext);
  if (!s || s.selected.size === 0) return null;
  const ids = () => [...s.selected].sort((a, b) => a - b).map((i) => s.ids[i]!).filter(Boolean);
  return (
    <div role="region" aria-label="Selected tracks" className="sticky top-0 z-10 mb-2 flex items-center gap-3 rounded-xl border border-line bg-surface-2 px-3 py-2 text-sm">
      <span className="font-medium">{s.selected.size === 1 ? '1 track selected' : `${s.selected.size} tracks selected`}</span>
      <AddToPlaylist trackIds={ids} label="Add selected tracks to a playlist" text="Add to playlist" align="left" onAdded={s.clear} />
      <button type="button" onClick={s.clear} className="ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 text-muted hover:text-fg">
        <X aria-hidden size={16} /> Clear
      </button>
    </div>
  );
}
