import { getDb } from '@/db';
import { withUser } from '@/lib/http/handlers';
import { readLikes } from '@/lib/library/likes';
import { getStorage } from '@/lib/storage';

/**
 * `?limit&offset` → `{ tracks: [{ …track, likedAt }], total, limit, offset }`, newest like
 * first; `?trackIds=a,b,c` → `{ liked: [ids] }`, which of those the listener likes.
 */
export const GET = withUser(async (req, _ctx, user) => {
  const body = await readLikes(await getDb(), getStorage(), user.id, new URL(req.url).searchParams);
  return Response.json(body, { headers: { 'cache-control': 'private, no-store' } });
});
