'use client';

import { useSyncExternalStore } from 'react';

type Toast = { id: number; text: string; tone: 'info' | 'error' };
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** A short message at the bottom of the screen ("Added to Road trip"), gone after 4 s. */
export function toast(text: string, tone: Toast['tone'] = 'info') {
  const id = nextId++;
  toasts = [...toasts.slice(-2), { id, text, tone }];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, 4000);
}

/** Where toasts appear: once, in the layout. */
export function Toaster() {
  const list = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => toasts,
    () => toasts,
  );
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-36 z-40 flex flex-col items-center gap-2 md:bottom-24">
      {list.map((t) => (
        <p key={t.id} role={t.tone === 'error' ? 'alert' : 'status'} className={`rounded-lg px-4 py-2 text-sm shadow-lg ${t.tone === 'error' ? 'bg-danger text-bg' : 'bg-fg text-bg'}`}>
          {t.text}
        </p>
      ))}
    </div>
  );
}
