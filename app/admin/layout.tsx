import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/auth/session';

const sections = [
  ['/admin', 'Overview'],
  ['/admin/analytics', 'Analytics'],
  ['/admin/users', 'Users'],
  ['/admin/upload', 'Upload'],
  ['/admin/tracks', 'Tracks'],
  ['/admin/jobs', 'Jobs'],
  ['/admin/tokens', 'API tokens'],
] as const;

/** Every admin page is behind this check; each admin action and route checks again. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin('/admin');
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      {/* One line: on a phone it scrolls sideways rather than wrapping into two ragged rows. */}
      <nav aria-label="Admin" className="flex gap-4 overflow-x-auto whitespace-nowrap border-b border-line pb-3 text-sm [scrollbar-width:none]">
        {sections.map(([href, label]) => (
          <Link key={href} href={href} className="shrink-0 text-muted hover:text-fg">
            {label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
