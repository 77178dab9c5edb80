import { getDb } from '@/db';
import { readJson, withUser } from '@/lib/http/handlers';
import { previewSmartPlaylist } from '@/lib/library/playlists';

/** `{ rules }` → `{ matching, count }`: how many tracks a smart playlist with these rules would pick now, for the caller. */
export const POST = withUser(async (req, _ctx, user) => {
  return Response.json(await previewSmartPlaylist(await getDb(), user.id, await readJson(req)), { headers: { 'cache-control': 'private, no-store' } });
});
