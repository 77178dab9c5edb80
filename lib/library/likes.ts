import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { getCatalogTrack } from '@/db/queries/catalog';
import { isForeignKeyViolation } from '@/db/errors';
import * as q from '@/db/queries/likes';
import { AppError } from '@/lib/errors';
import { trackDto } from '@/lib/tracks/dto';
import type { Storage } from '@/lib/storage/types';

const noSuchTrack = () => new AppError('not_found', 'No such track.');

/** Likes a ready track; liking it again changes nothing. */
export async function likeTrack(db: Db, userId: string, trackId: string): Promise<void> {
  if (!(await getCatalogTrack(db, trackId))) throw noSuchTrack();
  try {
    await q.insertLike(db, userId, trackId);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw noSuchTrack(); // deleted meanwhile
    throw error;
  }
}

/** Removes a like, if there was one. */
export async function unlikeTrack(db: Db, userId: string, trackId: string): Promise<void> {
  await q.deleteLike(db, userId, trackId);
}

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const MAX_ASKED = 500;

/**
 * `?limit&offset`: the listener's liked tracks newest first, with `likedAt` and the total;
 * `?trackIds=a,b`: which of those tracks they like (malformed ids are simply not liked).
 */
export async function readLikes(db: Db, storage: Pick<Storage, 'publicUrl'>, userId: string, params: URLSearchParams) {
  const asked = params.get('trackIds');
  if (asked !== null) {
    const ids = asked.split(',').filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)).map((id) => id.toLowerCase());
    if (ids.length > MAX_ASKED) throw new AppError('validation_failed', `Ask about at most ${MAX_ASKED} tracks at once.`, { fieldErrors: { trackIds: [`at most ${MAX_ASKED}`] } });
    return { liked: await q.likedAmong(db, userId, ids) };
  }
  const page = listQuery.parse(Object.fromEntries(params));
  const [rows, total] = await Promise.all([q.listLikedTracks(db, userId, page), q.countLikedTracks(db, userId)]);
  return { tracks: rows.map((t) => ({ ...trackDto(t, storage), likedAt: t.likedAt })), total, ...page };
}
