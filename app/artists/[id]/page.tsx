import { notFound } from 'next/navigation';
import { AlbumCard } from '@/components/catalog/album-card';
import { toQueue, TrackList } from '@/components/catalog/track-list';
import { PlayableList, PlayButton, ShuffleButton } from '@/components/player/play-button';
import { StartRadioButton } from '@/components/player/radio-button';
import { getDb } from '@/db';
import { getArtistPage } from '@/db/queries/catalog';
import { listArtistMostPlayed } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { plural } from '@/lib/format';

/** How many of the artist's tracks the page lists, and Play and Shuffle queue. */
const ARTIST_TRACKS = 500;

type Props = { params: Promise<{ id: string }> };

/** An artist: Play and Shuffle (all their tracks), their most played tracks, their albums, then every track. */
export default async function ArtistPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/artists/${id}`);
  const db = await getDb();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const [data, mostPlayed] = valid ? await Promise.all([getArtistPage(db, id, ARTIST_TRACKS), listArtistMostPlayed(db, id, 5)]) : [undefined, []];
  if (!data) notFound();
  const { artist, albums, tracks, trackCount } = data;
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <header className="space-y-4">
        <div className="space-y-1">
          <p className="text-sm uppercase tracking-wide text-muted">Artist</p>
          <h1 className="text-4xl font-bold">{artist.name}</h1>
          <p className="text-muted">
            {albums.length ? `${plural(albums.length, 'album')} · ` : ''}
            {plural(trackCount, 'track')}
          </p>
        </div>
        <PlayableList tracks={toQueue(tracks, coverUrl)}>
          <div className="flex flex-wrap items-center gap-3">
            <PlayButton index={0} label={`Play ${artist.name}`} big />
            {tracks.length > 1 ? <ShuffleButton /> : null}
            <StartRadioButton seed={{ artistId: artist.id }} />
          </div>
        </PlayableList>
      </header>
      {mostPlayed.length ? (
        <section aria-labelledby="most-played" className="space-y-3">
          <h2 id="most-played" className="text-xl font-semibold">
            Most played
          </h2>
          <TrackList tracks={mostPlayed} coverUrl={coverUrl} />
        </section>
      ) : null}
      {albums.length ? (
        <section aria-labelledby="albums" className="space-y-3">
          <h2 id="albums" className="text-xl font-semibold">
            Albums
          </h2>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4">
            {albums.map((a) => (
              <li key={a.id} className="min-w-0">
                <AlbumCard
                  album={{ ...a, artistId: artist.id, artist: artist.name, coverUrl: coverUrl(a.coverKey) }}
                  subtitle={[a.year, plural(a.trackCount, 'track')].filter(Boolean).join(' · ')}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="tracks" className="space-y-3">
        <h2 id="tracks" className="text-xl font-semibold">
          All tracks
        </h2>
        <TrackList tracks={tracks} coverUrl={coverUrl} />
        {trackCount > tracks.length ? <p className="text-sm text-muted">The first {tracks.length.toLocaleString('en')} of {plural(trackCount, 'track')}.</p> : null}
      </section>
    </div>
  );
}
