import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { uuidParam, withUser } from '@/lib/http/handlers';
import { exportPlaylist } from '@/lib/library/playlists';

type Ctx = { params: Promise<{ id: string }> };

/** The playlist as an M3U8 download: `#EXTINF:<seconds>,<artist> - <title>`, then each track's page. */
export const GET = withUser<Ctx>(async (req, ctx, user) => {
  // The address the listener reached MIST at (Next may see its own listening address in req.url).
  const host = req.headers.get('host');
  const baseUrl = getEnv().MIST_PUBLIC_URL ?? (host ? `${new URL(req.url).protocol}//${host}` : new URL(req.url).origin);
  const { filename, body } = await exportPlaylist(await getDb(), user.id, uuidParam((await ctx.params).id, 'playlist'), baseUrl);
  return new Response(body, {
    headers: {
      'content-type': 'audio/x-mpegurl; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
