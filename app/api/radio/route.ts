import { getDb } from '@/db';
import { readJson, withUser } from '@/lib/http/handlers';
import { nextRadioTracks, parseRadioRequest } from '@/lib/recommend/radio';
import { getStorage } from '@/lib/storage';
import { trackDto } from '@/lib/tracks/dto';

/**
 * The next tracks of a radio: `{ seed: { trackId | artistId | albumId }, exclude?, heard?,
 * skipped?, limit? }` → `{ tracks: [ { …track, artistId, albumId } ] }`. Any listener (a token
 * with `listen`). See docs/api.md, "POST /api/radio".
 */
export const POST = withUser(async (req) => {
  const request = parseRadioRequest(await readJson(req));
  const tracks = await nextRadioTracks(await getDb(), request);
  const storage = getStorage();
  return Response.json({ tracks: tracks.map((t) => ({ ...trackDto(t, storage), artistId: t.artistId, albumId: t.albumId })) }, { headers: { 'cache-control': 'private, no-store' } });
});
