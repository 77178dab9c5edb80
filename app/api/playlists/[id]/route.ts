import { getDb } from '@/db';
import { readJson, uuidParam, withUser } from '@/lib/http/handlers';
import { editPlaylist, getPlaylist, removePlaylist } from '@/lib/library/playlists';
import { getStorage } from '@/lib/storage';

type Ctx = { params: Promise<{ id: string }> };
const privateJson = { 'cache-control': 'private, no-store' };

/** `{ playlist, items: [{ itemId, position, addedAt, track }], next }` in order, a page at a time (`?limit&after`). Private: its owner only. */
export const GET = withUser<Ctx>(async (req, ctx, user) => {
  const body = await getPlaylist(await getDb(), getStorage(), user.id, uuidParam((await ctx.params).id, 'playlist'), new URL(req.url).searchParams);
  return Response.json(body, { headers: privateJson });
});

/** The owner: `{ name?, description?, isPublic? }` → `{ playlist }`. */
export const PATCH = withUser<Ctx>(async (req, ctx, user) => {
  const id = uuidParam((await ctx.params).id, 'playlist');
  const playlist = await editPlaylist(await getDb(), getStorage(), user.id, id, await readJson(req));
  return Response.json({ playlist }, { headers: privateJson });
});

/** The owner: deletes the playlist and its items. 204. */
export const DELETE = withUser<Ctx>(async (_req, ctx, user) => {
  await removePlaylist(await getDb(), user.id, uuidParam((await ctx.params).id, 'playlist'));
  return new Response(null, { status: 204 });
});
