import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Cover } from '@/components/catalog/cover';
import { toQueue, TrackList } from '@/components/catalog/track-list';
import { AddToPlaylist } from '@/components/library/add-to-playlist';
import { PlayableList, PlayButton, ShuffleButton } from '@/components/player/play-button';
import { StartRadioButton } from '@/components/player/radio-button';
import { getDb } from '@/db';
import { getAlbumPage } from '@/db/queries/catalog';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';

type Props = { params: Promise<{ id: string }> };

export default async function AlbumPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/albums/${id}`);
  const data = /^[0-9a-f-]{36}$/i.test(id) ? await getAlbumPage(await getDb(), id) : undefined;
  if (!data) notFound();
  const { album, tracks, totalMs } = data;
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="flex flex-col gap-6 sm:flex-row sm:items-end">
        <Cover url={coverUrl(album.coverKey)} title={album.title} size={200} className="shadow-lg" />
        <div className="space-y-2">
          <p className="text-sm uppercase tracking-wide text-muted">Album</p>
          <h1 className="text-4xl font-bold">{album.title}</h1>
          <p className="text-muted">
            <Link href={`/artists/${album.artistId}`} className="text-fg hover:underline">
              {album.artist}
            </Link>
            {album.year ? ` · ${album.year}` : ''} · {tracks.length} {tracks.length === 1 ? 'track' : 'tracks'} · {formatDuration(totalMs)}
          </p>
        </div>
      </header>
      <PlayableList tracks={toQueue(tracks, coverUrl)}>
        <div className="flex flex-wrap items-center gap-3">
          <PlayButton index={0} label="Play" big />
          {tracks.length > 1 ? <ShuffleButton /> : null}
          <StartRadioButton seed={{ albumId: album.id }} />
          <AddToPlaylist trackIds={tracks.map((t) => t.id)} label="Add album to playlist" text="Add album to playlist" align="left" />
        </div>
      </PlayableList>
      <TrackList tracks={tracks} coverUrl={coverUrl} numbered />
    </div>
  );
}
