import { Heart } from 'lucide-react';
import Link from 'next/link';
import { toQueue, TrackList } from '@/components/catalog/track-list';
import { PlayableList, PlayButton, ShuffleButton } from '@/components/player/play-button';
import { getDb } from '@/db';
import { countLikedTracks, listLikedTracks } from '@/db/queries/likes';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';

export const metadata = { title: 'Liked songs' };

/** How many liked tracks the page lists (and plays) at once. */
const SHOWN = 1000;

/** The listener's liked tracks, newest like first, playable as a whole or shuffled. */
export default async function LikedPage() {
  const user = await requireUser('/liked');
  const db = await getDb();
  const [tracks, total] = await Promise.all([listLikedTracks(db, user.id, { limit: SHOWN, offset: 0 }), countLikedTracks(db, user.id)]);
  const totalMs = tracks.reduce((sum, t) => sum + (t.durationMs ?? 0), 0);
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="flex flex-col gap-6 sm:flex-row sm:items-end">
        <div aria-hidden className="flex size-[200px] shrink-0 items-center justify-center rounded bg-gradient-to-br from-accent/80 to-accent/20 shadow-lg">
          <Heart size={72} fill="currentColor" className="text-white/90" />
        </div>
        <div className="space-y-2">
          <p className="text-sm uppercase tracking-wide text-muted">Playlist</p>
          <h1 className="text-4xl font-bold">Liked songs</h1>
          <p className="text-muted">
            {total} {total === 1 ? 'track' : 'tracks'}
            {total ? ` · ${formatDuration(totalMs)}` : ''}
            {total > SHOWN ? ` · the ${SHOWN} most recent shown` : ''}
          </p>
        </div>
      </header>
      {tracks.length ? (
        <>
          <PlayableList tracks={toQueue(tracks, coverUrl)}>
            <div className="flex gap-3">
              <PlayButton index={0} label="Play" big />
              {tracks.length > 1 ? <ShuffleButton /> : null}
            </div>
          </PlayableList>
          <TrackList tracks={tracks} coverUrl={coverUrl} />
        </>
      ) : (
        <div className="rounded-xl border border-dashed border-line p-8 text-center text-muted">
          <p>No liked songs yet. Tap the heart on any track, or press L while it plays.</p>
          <Link href="/" className="mt-3 inline-block text-fg underline">
            Find something to like
          </Link>
        </div>
      )}
    </div>
  );
}
