import { getDb } from '@/db';
import { getTrackSummary } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import { readJson, uuidParam, withAdmin, withUser } from '@/lib/http/handlers';
import { getStorage } from '@/lib/storage';
import { deleteTrack, editTrack } from '@/lib/tracks/admin';
import { trackDto } from '@/lib/tracks/dto';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Signed-in users see ready tracks; admins also see tracks being processed or failed. API
 * tokens: `listen`, or `import` (the import CLI follows processing here).
 */
export const GET = withUser<Ctx>(async (_req, ctx, user) => {
  const track = await getTrackSummary(await getDb(), uuidParam((await ctx.params).id, 'track'));
  if (!track || (track.status !== 'ready' && user.role !== 'admin')) throw new AppError('not_found', 'No such track.');
  return Response.json({ track: trackDto(track, getStorage()) });
}, ['listen', 'import']);

/** Admins: `{ title?, artist?, album?, genre?, year?, trackNo?, discNo? }`. */
export const PATCH = withAdmin<Ctx>(async (req, ctx) => {
  const track = await editTrack(await getDb(), uuidParam((await ctx.params).id, 'track'), await readJson(req));
  return Response.json({ track: trackDto(track, getStorage()) });
});

/** Admins: removes the track, its media and its key. */
export const DELETE = withAdmin<Ctx>(async (_req, ctx) => {
  await deleteTrack(await getDb(), getStorage(), uuidParam((await ctx.params).id, 'track'));
  return new Response(null, { status: 204 });
});
