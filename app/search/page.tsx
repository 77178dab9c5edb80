import { LiveSearch, type SearchResults } from '@/components/search/live-search';
import { getDb } from '@/db';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { searchCatalog } from '@/lib/search/catalog-search';
import { AS_YOU_TYPE_LIMIT, MAX_QUERY_CHARS } from '@/lib/search/limits';
import { getStorage } from '@/lib/storage';
import { catalogTrackDto } from '@/lib/tracks/dto';

export const metadata = { title: 'Search' };

type Props = { searchParams: Promise<{ q?: string }> };

/** Search: the page answers the query it opens with, then answers as the listener types. */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.trim() : '';
  const tooLong = [...q].length > MAX_QUERY_CHARS;
  const user = await requireUser(q && !tooLong ? `/search?q=${encodeURIComponent(q)}` : '/search');
  // A longer query (a pasted address) is not searched: the box shows it, and says why.
  const found = tooLong ? { query: q, artists: [], albums: [], tracks: [], playlists: [] } : await searchCatalog(await getDb(), q, AS_YOU_TYPE_LIMIT, user.id);
  const storage = getStorage();
  const initial: SearchResults = {
    query: found.query,
    artists: found.artists,
    albums: found.albums.map(({ coverKey, ...a }) => ({ ...a, coverUrl: coverUrl(coverKey) })),
    tracks: found.tracks.map((t) => catalogTrackDto(t, storage)),
    playlists: found.playlists,
  };
  return (
    <div className="mx-auto max-w-5xl">
      <LiveSearch initial={initial} />
    </div>
  );
}
