import { getModes } from '@/lib/env';
import { withErrors } from '@/lib/http/handlers';
import { localMediaRoot } from '@/lib/storage';
import { serveLocalMedia } from '@/lib/storage/serve';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ key: string[] }> };

/**
 * Public media of local storage: `/media/tracks/<id>/v<n>/...`. No session needed: segments
 * are encrypted and keys come from the key route. With S3, listeners fetch objects from the
 * bucket or CDN, never through the app.
 */
async function serve(req: Request, ctx: Ctx): Promise<Response> {
  if (getModes().storage !== 'local') return new Response('Not found', { status: 404, headers: { 'cache-control': 'no-store' } });
  // Segments arrive decoded by the router; serveLocalMedia refuses anything unsafe.
  const { key } = await ctx.params;
  return serveLocalMedia(req, localMediaRoot(), key.join('/'));
}

export const GET = withErrors<Ctx>(serve);
export const HEAD = withErrors<Ctx>(serve);
