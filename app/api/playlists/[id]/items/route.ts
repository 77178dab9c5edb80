import { getDb } from '@/db';
import { readJson, uuidParam, withUser } from '@/lib/http/handlers';
import { addItems } from '@/lib/library/playlists';

type Ctx = { params: Promise<{ id: string }> };

/**
 * The owner: `{ trackIds, position?, ifAlreadyThere? }` → 201 `{ items: [{ itemId, trackId,
 * position }], skipped }`. Tracks already there: 409 listing them unless "skip" or "add".
 */
export const POST = withUser<Ctx>(async (req, ctx, user) => {
  const id = uuidParam((await ctx.params).id, 'playlist');
  const body = await addItems(await getDb(), user.id, id, await readJson(req));
  return Response.json(body, { status: 201, headers: { 'cache-control': 'no-store' } });
});
