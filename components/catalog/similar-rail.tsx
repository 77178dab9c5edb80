import Link from 'next/link';
import { PlayableList, PlayButton } from '@/components/player/play-button';
import type { QueueTrack } from '@/components/player/store';
import { Cover } from './cover';

/**
 * "Similar tracks": a shelf of covers that scrolls sideways, each with its title (to its track
 * page), its artist and a play button that plays the shelf from that track. Nothing is shown
 * when nothing is similar.
 */
export function SimilarRail({ tracks }: { tracks: QueueTrack[] }) {
  if (tracks.length === 0) return null;
  return (
    <section aria-labelledby="similar" className="space-y-3">
      <h2 id="similar" className="text-xl font-semibold">
        Similar tracks
      </h2>
      <PlayableList tracks={tracks}>
        <ul className="-mx-1 flex snap-x gap-4 overflow-x-auto px-1 pb-3">
          {tracks.map((t, i) => (
            <li key={t.id} className="group w-36 shrink-0 snap-start sm:w-40">
              <div className="relative">
                <Link href={`/tracks/${t.id}`} tabIndex={-1} aria-hidden>
                  <Cover url={t.coverUrl} title={t.album ?? t.title} size={160} className="h-36 w-36 shadow sm:h-40 sm:w-40" />
                </Link>
                <div className="absolute bottom-2 right-2 rounded-full bg-accent text-accent-fg opacity-90 shadow-lg transition-opacity group-hover:opacity-100 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100 [&_button]:text-accent-fg [&_button]:hover:bg-transparent">
                  <PlayButton index={i} label={`Play ${t.title}`} />
                </div>
              </div>
              <Link href={`/tracks/${t.id}`} className="mt-2 block truncate font-medium hover:underline">
                {t.title}
              </Link>
              <p className="truncate text-sm text-muted">
                {t.artistId ? (
                  <Link href={`/artists/${t.artistId}`} className="hover:underline">
                    {t.artist}
                  </Link>
                ) : (
                  'Unknown artist'
                )}
              </p>
            </li>
          ))}
        </ul>
      </PlayableList>
    </section>
  );
}
