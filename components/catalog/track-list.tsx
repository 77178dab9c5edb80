import Link from 'next/link';
import type { CatalogTrack } from '@/db/queries/catalog';
import { formatDuration } from '@/lib/format';
import { Cover } from './cover';

/** Track rows: cover, title, artist and album (linked), length. Tag text is rendered as text. */
export function TrackList({ tracks, coverUrl, numbered }: { tracks: CatalogTrack[]; coverUrl: (key: string | null) => string | null; numbered?: boolean }) {
  return (
    <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
      {tracks.map((t, i) => (
        <li key={t.id} className="flex items-center gap-3 px-3 py-2 hover:bg-surface-2 focus-within:bg-surface-2">
          {numbered ? <span className="w-6 text-right text-sm tabular-nums text-muted">{t.trackNo ?? i + 1}</span> : <Cover url={coverUrl(t.coverKey)} title={t.album ?? t.title} />}
          <div className="min-w-0 flex-1">
            <Link href={`/tracks/${t.id}`} className="block truncate font-medium hover:underline">
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
              {t.albumId && !numbered ? (
                <>
                  {' · '}
                  <Link href={`/albums/${t.albumId}`} className="hover:underline">
                    {t.album}
                  </Link>
                </>
              ) : null}
            </p>
          </div>
          <span className="text-sm tabular-nums text-muted">{t.durationMs ? formatDuration(t.durationMs) : ''}</span>
        </li>
      ))}
    </ol>
  );
}
