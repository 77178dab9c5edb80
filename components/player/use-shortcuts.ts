'use client';

import { useEffect, useRef } from 'react';
import { next, previous } from './store';

type Actions = {
  toggle: () => void;
  seek: (deltaSeconds: number) => void;
  setVolume: (f: (v: number) => number) => void;
  setMuted: (f: (m: boolean) => boolean) => void;
  setPanel: (f: (p: 'queue' | 'keys' | null) => 'queue' | 'keys' | null) => void;
  like: () => void;
};

/** Space, arrows, m, n, p, l (like) and ? anywhere on the page, except while typing or on a focused control. */
export function usePlayerShortcuts(active: boolean, actions: Actions) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable) return;
      const a = latest.current;
      const map: Record<string, () => void> = {
        ' ': a.toggle,
        ArrowRight: () => a.seek(10),
        ArrowLeft: () => a.seek(-10),
        ArrowUp: () => a.setVolume((v) => Math.min(1, Math.round((v + 0.1) * 100) / 100)),
        ArrowDown: () => a.setVolume((v) => Math.max(0, Math.round((v - 0.1) * 100) / 100)),
        m: () => a.setMuted((m) => !m),
        '?': () => a.setPanel((p) => (p === 'keys' ? null : 'keys')),
        n: () => next(),
        p: previous,
        l: a.like,
      };
      const action = map[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
