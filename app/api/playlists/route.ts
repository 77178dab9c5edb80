import { getDb } from '@/db';
import { readJson, withUser } from '@/lib/http/handlers';
import { createPlaylist, listPlaylists } from '@/lib/library/playlists';
import { getStorage } from '@/lib/storage';

const privateJson = { 'cache-control': 'private, no-store' };

/** The caller's own playlists; `?scope=public&limit&offset`: everyone's public ones. */
export const GET = withUser(async (req, _ctx, user) => {
  return Response.json(await listPlaylists(await getDb(), getStorage(), user.id, new URL(req.url).searchParams), { headers: privateJson });
});

/** `{ name, description?, isPublic? }` → 201 `{ playlist }`. Private unless `isPublic`. */
export const POST = withUser(async (req, _ctx, user) => {
  const playlist = await createPlaylist(await getDb(), getStorage(), user.id, await readJson(req));
  return Response.json({ playlist }, { status: 201, headers: privateJson });
});
