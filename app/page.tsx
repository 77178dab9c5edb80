import { redirect } from 'next/navigation';
import { AlbumCard } from '@/components/catalog/album-card';
import { EmptyLibrary } from '@/components/catalog/empty-library';
import { Shelf, shelfItemClass, ShelfRow } from '@/components/catalog/shelf';
import { TrackShelf } from '@/components/catalog/track-shelf';
import { getDb } from '@/db';
import { type CatalogTrack, listCatalogTracksByIds } from '@/db/queries/catalog';
import { listRecentlyPlayedTrackIds } from '@/db/queries/history';
import { listRecentAlbums } from '@/db/queries/library';
import { getCurrentUser } from '@/lib/auth/session';
import { getPopularTracks } from '@/lib/cache/tracks';
import { coverUrl } from '@/lib/catalog';
import { recommendForYou } from '@/lib/recommend/for-you';
import { needsSetup } from '@/lib/setup';

/** How many of the week's most played tracks the home page shows. */
const POPULAR_RAIL = 10;
/** How many "For you" tracks the home page shows, and the least a "Because you played" shelf holds. */
const FOR_YOU_RAIL = 10;
const BECAUSE_MIN = 3;

/**
 * "For you" (the best 10) and "Because you played X" (the seed most of the next 20 come
 * from), as catalog rows in their recommended order.
 */
async function forYouShelves(userId: string) {
  const db = await getDb();
  const picks = await recommendForYou(db, userId, FOR_YOU_RAIL * 3);
  if (picks.length === 0) return { forYou: [], because: null };
  const rows = new Map((await listCatalogTracksByIds(db, picks.map((p) => p.id))).map((t) => [t.id, t]));
  const inOrder = (list: typeof picks) => list.flatMap((p) => (rows.has(p.id) ? [rows.get(p.id)!] : []));
  const rest = picks.slice(FOR_YOU_RAIL);
  const counts = new Map<string, number>();
  for (const p of rest) counts.set(p.because.trackId, (counts.get(p.because.trackId) ?? 0) + 1);
  const [seedId, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const because: { title: string; tracks: CatalogTrack[] } | null =
    seedId && n >= BECAUSE_MIN ? { title: rest.find((p) => p.because.trackId === seedId)!.because.title, tracks: inOrder(rest.filter((p) => p.because.trackId === seedId)) } : null;
  return { forYou: inOrder(picks.slice(0, FOR_YOU_RAIL)), because };
}

/** How many albums and recently played tracks their shelves hold. */
const SHELF = 12;

/** The listener's recently played tracks (each once, newest first), as catalog rows. */
async function recentlyPlayed(userId: string) {
  const db = await getDb();
  const ids = await listRecentlyPlayedTrackIds(db, userId, SHELF);
  const rows = new Map((await listCatalogTracksByIds(db, ids)).map((t) => [t.id, t]));
  return ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
}

/**
 * Home is shelves: For you, Recently played, Popular this week, Recently added (albums) and
 * Because you played. Each row scrolls sideways and ends in "Show all" where there is more.
 */
export default async function HomePage() {
  if (await needsSetup()) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const db = await getDb();
  const [albums, played, popular, shelves] = await Promise.all([listRecentAlbums(db, SHELF), recentlyPlayed(user.id), getPopularTracks(POPULAR_RAIL), forYouShelves(user.id)]);
  return (
    <div className="mx-auto max-w-6xl space-y-10">
      <h1 className="text-3xl font-semibold">Welcome, {user.displayName}</h1>
      {albums.length === 0 ? <EmptyLibrary isAdmin={user.role === 'admin'} /> : null}
      {shelves.forYou.length ? (
        <Shelf id="for-you" title="For you">
          <TrackShelf label="For you" tracks={shelves.forYou} coverUrl={coverUrl} />
        </Shelf>
      ) : null}
      {played.length ? (
        <Shelf id="recently-played" title="Recently played" more="/history">
          <TrackShelf label="Recently played" tracks={played} coverUrl={coverUrl} />
        </Shelf>
      ) : null}
      {popular.length ? (
        <Shelf id="popular" title="Popular this week">
          <TrackShelf label="Popular this week" tracks={popular} coverUrl={coverUrl} />
        </Shelf>
      ) : null}
      {albums.length ? (
        <Shelf id="recently-added" title="Recently added" more="/library/albums">
          <ShelfRow label="Recently added albums">
            {albums.map(({ coverKey, ...a }) => (
              <li key={a.id} className={shelfItemClass}>
                <AlbumCard album={{ ...a, coverUrl: coverUrl(coverKey) }} />
              </li>
            ))}
          </ShelfRow>
        </Shelf>
      ) : null}
      {shelves.because ? (
        <Shelf id="because" title={`Because you played ${shelves.because.title}`}>
          <TrackShelf label={`Because you played ${shelves.because.title}`} tracks={shelves.because.tracks} coverUrl={coverUrl} />
        </Shelf>
      ) : null}
    </div>
  );
}
