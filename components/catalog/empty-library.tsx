import { Music } from 'lucide-react';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

/** What an empty library says: what to do, with the button for admins. */
export function EmptyLibrary({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-line bg-surface p-10 text-center">
      <Music aria-hidden size={36} className="text-muted" />
      <p className="text-lg font-medium">No music yet</p>
      {isAdmin ? (
        <>
          <p className="text-sm text-muted">Upload music or import a folder to fill this server.</p>
          <Link href="/admin/upload" className={buttonClass()}>
            Upload music
          </Link>
        </>
      ) : (
        <p className="text-sm text-muted">An admin of this server has not added any music yet.</p>
      )}
    </div>
  );
}
