import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/auth/session';

/** Every admin page is behind this check; each admin action and route checks again. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin('/admin');
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <nav aria-label="Admin" className="flex gap-4 border-b border-line pb-3 text-sm">
        <Link href="/admin" className="text-muted hover:text-fg">
          Overview
        </Link>
        <Link href="/admin/users" className="text-muted hover:text-fg">
          Users
        </Link>
        <Link href="/admin/upload" className="text-muted hover:text-fg">
          Upload
        </Link>
        <Link href="/admin/tracks" className="text-muted hover:text-fg">
          Tracks
        </Link>
        <Link href="/admin/jobs" className="text-muted hover:text-fg">
          Jobs
        </Link>
        <Link href="/admin/tokens" className="text-muted hover:text-fg">
          API tokens
        </Link>
      </nav>
      {children}
    </div>
  );
}
