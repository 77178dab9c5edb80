import Link from 'next/link';
import type { CatalogTrack } from '@/db/queries/catalog';
import { PlayableList, PlayButton } from '@/components/player/play-button';
import { Cover } from './cover';
import { shelfItemClass, ShelfRow } from './shelf';
import { toQueue } from './track-list';

/** Tracks as a row of covers: the play button plays the shelf from that track; title and artist link. */
export function TrackShelf({ label, tracks, coverUrl }: { label: string; tracks: CatalogTrack[]; coverUrl: (key: string | null) => string | null }) {
  return (
    <PlayableList tracks={toQueue(tracks, coverUrl)}>
      <ShelfRow label={label}>
        {tracks.map((t, i) => (
          <li key={`${t.id}-${i}`} className={`${shelfItemClass} space-y-1`}>
            <div className="relative">
              <Cover url={coverUrl(t.coverKey)} title={t.album ?? t.title} size={176} className="aspect-square h-auto! w-full! shadow" />
              <span className="absolute bottom-2 right-2 rounded-full bg-surface/90 shadow">
                <PlayButton index={i} label={`Play ${t.title}`} />
              </span>
            </div>
            <Link href={`/tracks/${t.id}`} className="block truncate font-medium hover:underline">
              {t.title}
            </Link>
            {t.artistId ? (
              <Link href={`/artists/${t.artistId}`} className="block truncate text-sm text-muted hover:text-fg hover:underline">
                {t.artist}
              </Link>
            ) : (
              <span className="block truncate text-sm text-muted">{t.artist ?? ''}</span>
            )}
          </li>
        ))}
      </ShelfRow>
    </PlayableList>
  );
}
