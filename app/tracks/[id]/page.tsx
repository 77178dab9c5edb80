import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Cover } from '@/components/catalog/cover';
import { SimilarRail } from '@/components/catalog/similar-rail';
import { toQueue } from '@/components/catalog/track-list';
import { AddToPlaylist } from '@/components/library/add-to-playlist';
import { LikeButton } from '@/components/library/like-button';
import { PlayableList, PlayButton } from '@/components/player/play-button';
import { StartRadioButton } from '@/components/player/radio-button';
import { getDb } from '@/db';
import { getUserTrackPlays } from '@/db/queries/plays';
import { requireUser } from '@/lib/auth/session';
import { getTrackMeta } from '@/lib/cache/tracks';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';
import { findSimilarTracks } from '@/lib/recommend/similar';

/** How many tracks the "Similar tracks" shelf holds. */
const SIMILAR_RAIL = 12;

type Props = { params: Promise<{ id: string }> };

const playedLine = (n: number) => (n === 0 ? 'You haven’t played this yet' : n === 1 ? 'You’ve played this once' : `You’ve played this ${n.toLocaleString('en')} times`);

export default async function TrackPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/tracks/${id}`);
  const db = await getDb();
  const track = /^[0-9a-f-]{36}$/i.test(id) ? await getTrackMeta(db, id) : undefined;
  if (!track) notFound();
  const [mine, similar] = await Promise.all([getUserTrackPlays(db, user.id, track.id), findSimilarTracks(db, track.id, { limit: SIMILAR_RAIL })]);
  const [seed] = toQueue([track], coverUrl);
  const similarQueue = toQueue(similar ?? [], coverUrl);
  return (
    <div className="mx-auto max-w-5xl space-y-10">
    <div className="flex flex-col gap-6 sm:flex-row sm:items-end">
      <Cover url={coverUrl(track.coverKey)} title={track.album ?? track.title} size={200} className="shadow-lg" />
      <div className="space-y-2">
        <p className="text-sm uppercase tracking-wide text-muted">Track</p>
        <h1 className="text-4xl font-bold">{track.title}</h1>
        <p className="text-muted">
          {track.artistId ? (
            <Link href={`/artists/${track.artistId}`} className="text-fg hover:underline">
              {track.artist}
            </Link>
          ) : (
            'Unknown artist'
          )}
          {track.albumId ? (
            <>
              {' · '}
              <Link href={`/albums/${track.albumId}`} className="hover:underline">
                {track.album}
              </Link>
            </>
          ) : null}
          {track.durationMs ? ` · ${formatDuration(track.durationMs)}` : ''}
        </p>
        <p className="text-sm text-muted">{playedLine(mine.plays)}</p>
        <div className="flex flex-wrap items-center gap-3">
          <PlayableList tracks={[seed!]}>
            <PlayButton index={0} label="Play" big />
          </PlayableList>
          <StartRadioButton seed={{ trackId: track.id }} lead={seed} />
          <LikeButton trackId={track.id} title={track.title} size={24} className="p-2" />
          <AddToPlaylist trackIds={[track.id]} label={`Add ${track.title} to a playlist`} text="Add to playlist" align="left" />
        </div>
      </div>
    </div>
    <SimilarRail tracks={similarQueue} />
    </div>
  );
}
