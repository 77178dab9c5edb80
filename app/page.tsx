import { Music } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { TrackList } from '@/components/catalog/track-list';
import { buttonClass } from '@/components/ui/button';
import { Pager, pageParam } from '@/components/ui/pager';
import { getDb } from '@/db';
import { listRecentTracks } from '@/db/queries/catalog';
import { getCurrentUser } from '@/lib/auth/session';
import { getPopularTracks } from '@/lib/cache/tracks';
import { coverUrl, PAGE_SIZE } from '@/lib/catalog';
import { needsSetup } from '@/lib/setup';

/** How many of the week's most played tracks the home page shows. */
const POPULAR_RAIL = 10;

type Props = { searchParams: Promise<{ page?: string }> };

export default async function HomePage({ searchParams }: Props) {
  if (await needsSetup()) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const page = pageParam((await searchParams).page);
  const [recent, popular] = await Promise.all([
    listRecentTracks(await getDb(), { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    page === 1 ? getPopularTracks(POPULAR_RAIL) : [],
  ]);
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <h1 className="text-3xl font-semibold">Welcome, {user.displayName}</h1>
      {popular.length ? (
        <section aria-labelledby="popular" className="space-y-3">
          <h2 id="popular" className="text-xl font-semibold">
            Popular this week
          </h2>
          <TrackList tracks={popular} coverUrl={coverUrl} />
        </section>
      ) : null}
      <section aria-labelledby="recent" className="space-y-3">
        <h2 id="recent" className="text-xl font-semibold">
          Recently added
        </h2>
        {recent.length ? (
          <>
            <TrackList tracks={recent.slice(0, PAGE_SIZE)} coverUrl={coverUrl} />
            <Pager page={page} hasNext={recent.length > PAGE_SIZE} href={(p) => `/?page=${p}`} />
          </>
        ) : page > 1 ? (
          <p className="text-muted">Nothing more here.</p>
        ) : (
          <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-line bg-surface p-10 text-center">
            <Music aria-hidden size={36} className="text-muted" />
            <p className="text-lg font-medium">No music yet</p>
            {user.role === 'admin' ? (
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
        )}
      </section>
    </div>
  );
}
