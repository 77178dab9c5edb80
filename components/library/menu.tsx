'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A small drop-down menu: a button opens it, arrow keys move between its items, Escape or a
 * click elsewhere closes it and gives focus back to the button.
 */
export function Menu({ label, button, children, align = 'right', up, open, setOpen }: { label: string; button: ReactNode; children: ReactNode; align?: 'left' | 'right'; up?: boolean; open: boolean; setOpen: (open: boolean) => void }) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const items = () => [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"],input') ?? [])];
    items()[0]?.focus();
    const onDown = (e: MouseEvent) => !root.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        trigger.current?.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const list = items();
        const at = list.indexOf(document.activeElement as HTMLElement);
        list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
        e.preventDefault();
      }
    };
    document.addEventListener('mousedown', onDown);
    root.current?.addEventListener('keydown', onKey);
    const el = root.current;
    return () => {
      document.removeEventListener('mousedown', onDown);
      el?.removeEventListener('keydown', onKey);
    };
  }, [open, setOpen]);
  return (
    <div ref={root} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
        className="rounded-full p-1.5 text-muted hover:bg-surface hover:text-fg"
      >
        {button}
      </button>
      {open ? (
        <div id={id} role="menu" aria-label={label} className={`absolute z-30 w-64 rounded-lg border border-line bg-surface p-1 shadow-xl ${align === 'right' ? 'right-0' : 'left-0'} ${up ? 'bottom-full mb-1' : 'mt-1'}`}>
          {children}
        </div>
      ) : null}
    </div>
  );
}

export const menuItem = 'flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-surface-2 focus:bg-surface-2 focus:outline-none';
