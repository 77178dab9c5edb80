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

/** The cursor `next` gives: the like's time in microseconds since 1970, then its track. */
const CURSOR = /^(\d{1,16})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const encodeCursor = (c: q.LikeCursor) => `${c.micros}.${c.trackId}`;

const listQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).optional(),
    after: z.string().regex(CURSOR, 'Not a cursor this list gave (send back "next" as it came).').optional(),
  })
  .refine((p) => p.after === undefined || p.offset === undefined, { message: 'Send after or offset, not both.', path: ['offset'] });

/** A page of the listener's liked tracks (a cursor or an offset), and the cursor of the next one. */
export async function listLikesPage(db: Db, userId: string, page: { limit: number; offset?: number; after?: string }) {
  const [, micros, trackId] = page.after?.match(CURSOR) ?? [];
  const where = micros && trackId ? { after: { micros, trackId } } : { offset: page.offset ?? 0 };
  const rows = await q.listLikedTracks(db, userId, { limit: page.limit + 1, ...where });
  const kept = rows.slice(0, page.limit);
  return { tracks: kept, next: rows.length > page.limit ? encodeCursor(kept.at(-1)!.cursor) : null };
}

const MAX_ASKED = 500;

/**
 * `?limit&after` (or `&offset`): the listener's liked tracks newest first, with `likedAt`, the
 * total and `next`, the cursor of the following page (null at the end);
 * `?trackIds=a,b`: which of those tracks they like (malformed ids are simply not liked).
 */
export async function readLikes(db: Db, storage: Pick<Storage, 'publicUrl'>, userId: string, params: URLSearchParams) {
  const asked = params.get('trackIds');
  if (asked !== null) {
    const ids = asked.split(',').filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)).map((id) => id.toLowerCase());
    if (ids.length > MAX_ASKED) throw new AppError('validation_failed', `Ask about at most ${MAX_ASKED} tracks at once.`, { fieldErrors: { trackIds: [`at most ${MAX_ASKED}`] } });
    return { liked: await q.likedAmong(db, userId, ids) };
  }
  const { limit, offset, after } = listQuery.parse(Object.fromEntries(params));
  const [{ tracks, next }, { total }] = await Promise.all([listLikesPage(db, userId, { limit, offset, after }), q.countLikedTracks(db, userId)]);
  return { tracks: tracks.map((t) => ({ ...trackDto(t, storage), likedAt: t.likedAt })), total, limit, ...(after === undefined ? { offset: offset ?? 0 } : {}), next };
}
