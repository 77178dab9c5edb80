import Link from 'next/link';

type Titled = { id: string; title: string; artist: string | null; artistId: string | null; album: string | null; albumId: string | null };

/** A row's title (to the track page) over its artist and album, each linked; tag text as text. */
export function TrackTitle({ track: t, showAlbum = true }: { track: Titled; showAlbum?: boolean }) {
  return (
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
        {t.albumId && showAlbum ? (
          <>
            {' · '}
            <Link href={`/albums/${t.albumId}`} className="hover:underline">
              {t.album}
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
