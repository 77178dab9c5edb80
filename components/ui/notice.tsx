import clsx from 'clsx';
import type { ReactNode } from 'react';

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'error' | 'ok'; children: ReactNode }) {
  return (
    <p
      role={tone === 'error' ? 'alert' : 'status'}
      className={clsx(
        'rounded-md border px-3 py-2 text-sm',
        tone === 'error' && 'border-danger/40 bg-danger/10 text-danger',
        tone === 'ok' && 'border-ok/40 bg-ok/10 text-ok',
        tone === 'info' && 'border-line bg-surface-2 text-fg',
      )}
    >
      {children}
    </p>
  );
}
