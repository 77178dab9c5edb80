import Link from 'next/link';
import { Cover } from '@/components/catalog/cover';
import { EmptyLibrary } from '@/components/catalog/empty-library';
import { KeysetPager, SortLinks } from '@/components/ui/sort-links';
import { getDb } from '@/db';
import { ARTIST_SORTS, type ArtistSort, LIBRARY_PAGE_SIZE, listLibraryArtists } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';
import { plural } from '@/lib/format';

export const metadata = { title: 'Artists' };

const SORTS: { value: ArtistSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'tracks', label: 'Most tracks' },
];

type Props = { searchParams: Promise<{ sort?: string; after?: string }> };

const href = (sort: ArtistSort, after?: string | null) => {
  const params = new URLSearchParams();
  if (sort !== 'name') params.set('sort', sort);
  if (after) params.set('after', after);
  const query = params.toString();
  return `/library/artists${query ? `?${query}` : ''}`;
};


/** Every artist with music ready, with album and track counts, a page at a time. */
export default async function ArtistsPage({ searchParams }: Props) {
  const params = await searchParams;
  const sort = ARTIST_SORTS.find((s) => s === params.sort) ?? 'name';
  const after = typeof params.after === 'string' ? params.after : null;
  const user = await requireUser(href(sort, after));
  const page = await listLibraryArtists(await getDb(), { sort, cursor: after, limit: LIBRARY_PAGE_SIZE });
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-3xl font-semibold">Artists</h1>
        <SortLinks label="Sort artists" options={SORTS} current={sort} href={(s) => href(s)} />
      </div>
      {page.items.length ? (
        <>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
            {page.items.map((a) => (
              <li key={a.id} className="min-w-0">
                <Link href={`/artists/${a.id}`} className="group block space-y-2 text-center">
                  <Cover url={null} title={a.name} size={180} className="mx-auto aspect-square h-auto! w-full! rounded-full! shadow" />
                  <span className="block truncate font-medium group-hover:underline">{a.name}</span>
                  <span className="block truncate text-sm text-muted">
                    {plural(a.albumCount, 'album')} · {plural(a.trackCount, 'track')}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <KeysetPager first={href(sort)} next={page.next ? href(sort, page.next) : null} isFirst={!after} />
        </>
      ) : after ? (
        <p className="text-muted">Nothing more here.</p>
      ) : (
        <EmptyLibrary isAdmin={user.role === 'admin'} />
      )}
    </div>
  );
}
