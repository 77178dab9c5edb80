import type { ReactNode } from 'react';

export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto mt-10 w-full max-w-sm space-y-5 rounded-xl border border-line bg-surface p-6 shadow-lg">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {intro ? <p className="text-sm text-muted">{intro}</p> : null}
      </div>
      {children}
    </div>
  );
}
