import { getDb } from '@/db';
import { withUser } from '@/lib/http/handlers';
import { parseForYouLimit, recommendForYou } from '@/lib/recommend/for-you';
import { getStorage } from '@/lib/storage';
import { trackDto } from '@/lib/tracks/dto';

/**
 * Tracks for the signed-in listener from their recent plays and likes: `?limit=` (1–100,
 * default 20) → `{ tracks: [ { …track, because: { trackId, title } } ] }`.
 */
export const GET = withUser(async (req, _ctx, user) => {
  const limit = parseForYouLimit(new URL(req.url).searchParams.get('limit'));
  const tracks = await recommendForYou(await getDb(), user.id, limit);
  const storage = getStorage();
  return Response.json({ tracks: tracks.map((t) => ({ ...trackDto(t, storage), because: t.because })) }, { headers: { 'cache-control': 'private, no-store' } });
});
