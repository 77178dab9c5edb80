import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Cover } from '@/components/catalog/cover';
import { TrackList } from '@/components/catalog/track-list';
import { StartRadioButton } from '@/components/player/radio-button';
import { Pager, pageParam } from '@/components/ui/pager';
import { getDb } from '@/db';
import { getArtistPage } from '@/db/queries/catalog';
import { requireUser } from '@/lib/auth/session';
import { coverUrl, PAGE_SIZE } from '@/lib/catalog';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> };

export default async function ArtistPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireUser(`/artists/${id}`);
  const page = pageParam((await searchParams).page);
  const data = /^[0-9a-f-]{36}$/i.test(id) ? await getArtistPage(await getDb(), id, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }) : undefined;
  if (!data) notFound();
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <header className="space-y-1">
        <p className="text-sm uppercase tracking-wide text-muted">Artist</p>
        <h1 className="text-4xl font-bold">{data.artist.name}</h1>
        <div className="pt-3">
          <StartRadioButton seed={{ artistId: data.artist.id }} />
        </div>
      </header>
      {data.albums.length ? (
        <section aria-labelledby="albums" className="space-y-3">
          <h2 id="albums" className="text-xl font-semibold">
            Albums
          </h2>
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 md:grid-cols-4">
            {data.albums.map((a) => (
              <li key={a.id}>
                <Link href={`/albums/${a.id}`} className="group block space-y-2">
                  <Cover url={coverUrl(a.coverKey)} title={a.title} size={160} className="w-full! h-auto! aspect-square" />
                  <p className="truncate font-medium group-hover:underline">{a.title}</p>
                  <p className="text-sm text-muted">
                    {a.year ?? ''}
                    {a.year ? ' · ' : ''}
                    {a.trackCount} {a.trackCount === 1 ? 'track' : 'tracks'}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="tracks" className="space-y-3">
        <h2 id="tracks" className="text-xl font-semibold">
          Tracks
        </h2>
        <TrackList tracks={data.tracks.slice(0, PAGE_SIZE)} coverUrl={coverUrl} />
        <Pager page={page} hasNext={data.tracks.length > PAGE_SIZE} href={(p) => `/artists/${id}?page=${p}`} />
      </section>
    </div>
  );
}
