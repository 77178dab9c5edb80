import { notFound } from 'next/navigation';
import { TrackList } from '@/components/catalog/track-list';
import { KeysetPager } from '@/components/ui/sort-links';
import { getDb } from '@/db';
import { getGenreName, LIBRARY_PAGE_SIZE, listGenreTracks } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';

type Props = { params: Promise<{ genre: string }>; searchParams: Promise<{ after?: string }> };

/** The tracks of one genre (its folded name is the address), by title, a page at a time. */
export default async function GenrePage({ params, searchParams }: Props) {
  const raw = (await params).genre;
  const key = (() => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  })();
  const after = (await searchParams).after ?? null;
  const base = `/library/genres/${encodeURIComponent(key)}`;
  await requireUser(base);
  if (key.length > 200) notFound();
  const db = await getDb();
  const [name, page] = await Promise.all([getGenreName(db, key), listGenreTracks(db, key, { cursor: typeof after === 'string' ? after : null, limit: LIBRARY_PAGE_SIZE })]);
  if (!name) notFound();
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm uppercase tracking-wide text-muted">Genre</p>
        <h1 className="text-4xl font-bold">{name}</h1>
      </header>
      {page.items.length ? <TrackList tracks={page.items} coverUrl={coverUrl} /> : <p className="text-muted">Nothing more here.</p>}
      <KeysetPager first={base} next={page.next ? `${base}?after=${page.next}` : null} isFirst={!after} />
    </div>
  );
}
