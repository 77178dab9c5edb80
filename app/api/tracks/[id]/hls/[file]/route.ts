import { getDb } from '@/db';
import { getTrackRow } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import { uuidParam, withUser } from '@/lib/http/handlers';
import { publishedVersion, renderPlaylist } from '@/lib/playback/playlists';
import { getStorage } from '@/lib/storage';

type Ctx = { params: Promise<{ id: string; file: string }> };

/** Signed-in users: a ready track's master or variant playlist, with MIST's key URI and the storage's segment URLs. */
export const GET = withUser<Ctx>(async (_req, ctx) => {
  const params = await ctx.params;
  const track = await getTrackRow(await getDb(), uuidParam(params.id, 'track'));
  const version = publishedVersion(track?.masterKey ?? null);
  if (!track || track.status !== 'ready' || !version) throw new AppError('not_found', 'No such track.');
  const text = await renderPlaylist(getStorage(), track.id, version, params.file);
  if (text === null) throw new AppError('not_found', 'No such playlist.');
  // Versioned content: the same URL always gives the same playlist until a reprocess.
  return new Response(text, { headers: { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'private, max-age=60' } });
});
