import { getDb } from '@/db';
import { readJson, uuidParam, withUser } from '@/lib/http/handlers';
import { moveItem, removeItem } from '@/lib/library/playlists';

type Ctx = { params: Promise<{ id: string; itemId: string }> };

async function ids(ctx: Ctx) {
  const { id, itemId } = await ctx.params;
  return [uuidParam(id, 'playlist'), uuidParam(itemId, 'item')] as const;
}

/** The owner: `{ position }` (0-based; 0 moves it first, past the end: last) → `{ itemId, position }`. */
export const PATCH = withUser<Ctx>(async (req, ctx, user) => {
  const [id, itemId] = await ids(ctx);
  return Response.json(await moveItem(await getDb(), user.id, id, itemId, await readJson(req)), { headers: { 'cache-control': 'no-store' } });
});

/** The owner: removes the item. 204. */
export const DELETE = withUser<Ctx>(async (_req, ctx, user) => {
  const [id, itemId] = await ids(ctx);
  await removeItem(await getDb(), user.id, id, itemId);
  return new Response(null, { status: 204 });
});
