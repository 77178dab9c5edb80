import { AlbumCard } from '@/components/catalog/album-card';
import { EmptyLibrary } from '@/components/catalog/empty-library';
import { KeysetPager, SortLinks } from '@/components/ui/sort-links';
import { getDb } from '@/db';
import { ALBUM_SORTS, type AlbumSort, LIBRARY_PAGE_SIZE, listLibraryAlbums } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';

export const metadata = { title: 'Albums' };

const SORTS: { value: AlbumSort; label: string }[] = [
  { value: 'added', label: 'Recently added' },
  { value: 'name', label: 'Name' },
  { value: 'artist', label: 'Artist' },
  { value: 'year', label: 'Year' },
];

type Props = { searchParams: Promise<{ sort?: string; after?: string }> };

const href = (sort: AlbumSort, after?: string | null) => {
  const params = new URLSearchParams();
  if (sort !== 'added') params.set('sort', sort);
  if (after) params.set('after', after);
  const query = params.toString();
  return `/library/albums${query ? `?${query}` : ''}`;
};

/** Every album as a cover grid, sorted as the listener chooses, a page at a time (keyset: page 100 is as fast as page 1). */
export default async function AlbumsPage({ searchParams }: Props) {
  const params = await searchParams;
  const sort = ALBUM_SORTS.find((s) => s === params.sort) ?? 'added';
  const after = typeof params.after === 'string' ? params.after : null;
  const user = await requireUser(href(sort, after));
  const page = await listLibraryAlbums(await getDb(), { sort, cursor: after, limit: LIBRARY_PAGE_SIZE });
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-3xl font-semibold">Albums</h1>
        <SortLinks label="Sort albums" options={SORTS} current={sort} href={(s) => href(s)} />
      </div>
      {page.items.length ? (
        <>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
            {page.items.map(({ coverKey, ...a }) => (
              <li key={a.id} className="min-w-0">
                <AlbumCard album={{ ...a, coverUrl: coverUrl(coverKey) }} />
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
