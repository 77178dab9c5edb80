import Link from 'next/link';
import { TrackList } from '@/components/catalog/track-list';
import { Pager, pageParam } from '@/components/ui/pager';
import { getDb } from '@/db';
import { searchTracks } from '@/db/queries/catalog';
import { requireUser } from '@/lib/auth/session';
import { coverUrl, PAGE_SIZE } from '@/lib/catalog';

export const metadata = { title: 'Matching tracks' };

type Props = { searchParams: Promise<{ q?: string; page?: string }> };

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  await requireUser(`/search/tracks?q=${encodeURIComponent(params.q ?? '')}`);
  const q = (params.q ?? '').trim().slice(0, 200);
  const page = pageParam(params.page);
  const results = q ? await searchTracks(await getDb(), q, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }) : [];
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <p>
        <Link href={`/search?q=${encodeURIComponent(q)}`} className="text-sm text-muted hover:text-fg hover:underline">
          ← Artists, albums and tracks
        </Link>
      </p>
      <form role="search" action="/search/tracks" className="flex gap-2">
        <label htmlFor="q" className="sr-only">
          Search titles, artists and albums
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder="Titles, artists, albums" autoFocus maxLength={200} className="w-full rounded-md border border-line bg-surface px-4 py-2" />
      </form>
      {!q ? (
        <p className="text-muted">Type a title, an artist or an album. Small typos are fine.</p>
      ) : results.length === 0 ? (
        <p className="text-muted">Nothing matches “{q}”.</p>
      ) : (
        <section aria-label="Results" className="space-y-3">
          <TrackList tracks={results.slice(0, PAGE_SIZE)} coverUrl={coverUrl} />
          <Pager page={page} hasNext={results.length > PAGE_SIZE} href={(p) => `/search/tracks?q=${encodeURIComponent(q)}&page=${p}`} />
        </section>
      )}
    </div>
  );
}
