import { Heart } from 'lucide-react';
import Link from 'next/link';
import { toRows } from '@/components/catalog/track-list';
import { LikedTracks } from '@/components/library/liked-tracks';
import { getDb } from '@/db';
import { countLikedTracks } from '@/db/queries/likes';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';
import { listLikesPage } from '@/lib/library/likes';

export const metadata = { title: 'Liked songs' };

/** Liked tracks the page shows before the rest loads as it scrolls. */
const FIRST_PAGE = 100;

/** The listener's liked tracks, newest like first, playable as a whole or shuffled. */
export default async function LikedPage() {
  const user = await requireUser('/liked');
  const db = await getDb();
  const [{ tracks, next }, { total, durationMs }] = await Promise.all([listLikesPage(db, user.id, { limit: FIRST_PAGE }), countLikedTracks(db, user.id)]);
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
            {total ? ` · ${formatDuration(durationMs)}` : ''}
          </p>
        </div>
      </header>
      {tracks.length ? (
        <LikedTracks tracks={toRows(tracks, coverUrl)} next={next} total={total} />
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
