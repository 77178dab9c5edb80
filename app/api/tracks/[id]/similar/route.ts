import { getDb } from '@/db';
import { AppError } from '@/lib/errors';
import { uuidParam, withUser } from '@/lib/http/handlers';
import { findSimilarTracks, parseSimilarLimit } from '@/lib/recommend/similar';
import { getStorage } from '@/lib/storage';
import { trackDto } from '@/lib/tracks/dto';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Ready tracks that sound like this ready track, best first: `?limit=` (1–50, default 10) →
 * `{ tracks: [ { …track, score } ] }`. Any listener (a token with `listen`).
 */
export const GET = withUser<Ctx>(async (req, ctx) => {
  const id = uuidParam((await ctx.params).id, 'track');
  const limit = parseSimilarLimit(new URL(req.url).searchParams.get('limit'));
  const similar = await findSimilarTracks(await getDb(), id, { limit });
  if (!similar) throw new AppError('not_found', 'No such track.');
  const storage = getStorage();
  return Response.json({ tracks: similar.map((t) => ({ ...trackDto(t, storage), score: t.score })) }, { headers: { 'cache-control': 'private, no-store' } });
});
