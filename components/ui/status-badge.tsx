import clsx from 'clsx';

const tones = {
  ok: 'bg-ok/15 text-ok',
  bad: 'bg-danger/15 text-danger',
  busy: 'bg-accent/15 text-accent',
  idle: 'bg-surface-2 text-muted',
} as const;

export function StatusBadge({ tone, children }: { tone: keyof typeof tones; children: React.ReactNode }) {
  return <span className={clsx('inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium', tones[tone])}>{children}</span>;
}
