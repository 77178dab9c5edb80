import clsx from 'clsx';
import Link from 'next/link';
import { Cover } from './cover';

export type AlbumCardData = { id: string; title: string; artistId: string; artist: string; year: number | null; coverUrl: string | null };

/**
 * An album as a cover card: the cover and title open the album (the link's name is the
 * title), the artist links to the artist (or `subtitle` stands in its place, on the artist's own page). Tag text is rendered as text.
 */
export function AlbumCard({ album, subtitle, className }: { album: AlbumCardData; subtitle?: string; className?: string }) {
  return (
    <div className={clsx('min-w-0 space-y-1', className)}>
      <Link href={`/albums/${album.id}`} className="group block space-y-2 rounded-md focus-visible:outline-2">
        <Cover url={album.coverUrl} title={album.title} size={180} className="aspect-square h-auto! w-full! shadow transition group-hover:opacity-90" />
        <span className="block truncate font-medium group-hover:underline">{album.title}</span>
      </Link>
      <p className="truncate text-sm text-muted">
        {subtitle ?? (
          <>
            <Link href={`/artists/${album.artistId}`} className="hover:text-fg hover:underline">
              {album.artist}
            </Link>
            {album.year ? ` · ${album.year}` : ''}
          </>
        )}
      </p>
    </div>
  );
}
