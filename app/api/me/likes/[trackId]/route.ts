import { getDb } from '@/db';
import { uuidParam, withUser } from '@/lib/http/handlers';
import { likeTrack, unlikeTrack } from '@/lib/library/likes';

type Ctx = { params: Promise<{ trackId: string }> };

/** Likes a ready track (again: no change). 204; 404 for an unknown or unready track. */
export const PUT = withUser<Ctx>(async (_req, ctx, user) => {
  await likeTrack(await getDb(), user.id, uuidParam((await ctx.params).trackId, 'track'));
  return new Response(null, { status: 204 });
});

/** Removes the like, if any. 204. */
export const DELETE = withUser<Ctx>(async (_req, ctx, user) => {
  await unlikeTrack(await getDb(), user.id, uuidParam((await ctx.params).trackId, 'track'));
  return new Response(null, { status: 204 });
});
