import { Music } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { TrackList } from '@/components/catalog/track-list';
import { buttonClass } from '@/components/ui/button';
import { Pager, pageParam } from '@/components/ui/pager';
import { getDb } from '@/db';
import { type CatalogTrack, listCatalogTracksByIds, listRecentTracks } from '@/db/queries/catalog';
import { getCurrentUser } from '@/lib/auth/session';
import { getPopularTracks } from '@/lib/cache/tracks';
import { coverUrl, PAGE_SIZE } from '@/lib/catalog';
import { recommendForYou } from '@/lib/recommend/for-you';
import { needsSetup } from '@/lib/setup';

/** How many of the week's most played tracks the home page shows. */
const POPULAR_RAIL = 10;
/** How many "For you" tracks the home page shows, and the least a "Because you played" shelf holds. */
const FOR_YOU_RAIL = 10;
const BECAUSE_MIN = 3;

/**
 * "For you" (the best 10) and "Because you played X" (the seed most of the next 20 come
 * from), as catalog rows in their recommended order.
 */
async function forYouShelves(userId: string) {
  const db = await getDb();
  const picks = await recommendForYou(db, userId, FOR_YOU_RAIL * 3);
  if (picks.length === 0) return { forYou: [], because: null };
  const rows = new Map((await listCatalogTracksByIds(db, picks.map((p) => p.id))).map((t) => [t.id, t]));
  const inOrder = (list: typeof picks) => list.flatMap((p) => (rows.has(p.id) ? [rows.get(p.id)!] : []));
  const rest = picks.slice(FOR_YOU_RAIL);
  const counts = new Map<string, number>();
  for (const p of rest) counts.set(p.because.trackId, (counts.get(p.because.trackId) ?? 0) + 1);
  const [seedId, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const because: { title: string; tracks: CatalogTrack[] } | null =
    seedId && n >= BECAUSE_MIN ? { title: rest.find((p) => p.because.trackId === seedId)!.because.title, tracks: inOrder(rest.filter((p) => p.because.trackId === seedId)) } : null;
  return { forYou: inOrder(picks.slice(0, FOR_YOU_RAIL)), because };
}

type Props = { searchParams: Promise<{ page?: string }> };

export default async function HomePage({ searchParams }: Props) {
  if (await needsSetup()) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const page = pageParam((await searchParams).page);
  const [recent, popular, shelves] = await Promise.all([
    listRecentTracks(await getDb(), { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    page === 1 ? getPopularTracks(POPULAR_RAIL) : [],
    page === 1 ? forYouShelves(user.id) : { forYou: [], because: null },
  ]);
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <h1 className="text-3xl font-semibold">Welcome, {user.displayName}</h1>
      {shelves.forYou.length ? (
        <section aria-labelledby="for-you" className="space-y-3">
          <h2 id="for-you" className="text-xl font-semibold">
            For you
          </h2>
          <TrackList tracks={shelves.forYou} coverUrl={coverUrl} />
        </section>
      ) : null}
      {shelves.because ? (
        <section aria-labelledby="because" className="space-y-3">
          <h2 id="because" className="text-xl font-semibold">
            Because you played {shelves.because.title}
          </h2>
          <TrackList tracks={shelves.because.tracks} coverUrl={coverUrl} />
        </section>
      ) : null}
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
