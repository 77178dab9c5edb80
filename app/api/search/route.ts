import { getDb } from '@/db';
import { withUser } from '@/lib/http/handlers';
import { parseSearchParams, searchCatalog } from '@/lib/search/catalog-search';
import { getStorage } from '@/lib/storage';
import { catalogTrackDto } from '@/lib/tracks/dto';

/**
 * Search as you type: `?q=&limit=` → `{ query, artists, albums, tracks, playlists }`, each
 * group best match first, at most `limit` (default 10, at most 50) each. Playlists: the
 * listener's own and others' public ones. A query over 200 characters is a 400 that says so.
 */
export const GET = withUser(async (req, _ctx, user) => {
  const { query, limit } = parseSearchParams(new URL(req.url).searchParams);
  const found = await searchCatalog(await getDb(), query, limit, user.id);
  const storage = getStorage();
  return Response.json(
    {
      query: found.query,
      artists: found.artists,
      albums: found.albums.map(({ coverKey, ...album }) => ({ ...album, coverUrl: coverKey ? storage.publicUrl(coverKey) : null })),
      tracks: found.tracks.map((t) => catalogTrackDto(t, storage)),
      playlists: found.playlists,
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
});
