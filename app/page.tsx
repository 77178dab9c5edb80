import { Music } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { getCurrentUser } from '@/lib/auth/session';
import { needsSetup } from '@/lib/setup';

export default async function HomePage() {
  if (await needsSetup()) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <h1 className="text-3xl font-semibold">Welcome, {user.displayName}</h1>
      <section aria-labelledby="recent" className="space-y-3">
        <h2 id="recent" className="text-xl font-semibold">
          Recently added
        </h2>
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-line bg-surface p-10 text-center">
          <Music aria-hidden size={36} className="text-muted" />
          <p className="text-lg font-medium">No music yet</p>
          {user.role === 'admin' ? (
            <>
              <p className="text-sm text-muted">Upload music or import a folder to fill this server.</p>
              <Link href="/admin" className={buttonClass()}>
                Go to the admin area
              </Link>
            </>
          ) : (
            <p className="text-sm text-muted">An admin of this server has not added any music yet.</p>
          )}
        </div>
      </section>
    </div>
  );
}
