import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { tracks, trackStats } from '../schema';

const ready = eq(tracks.status, 'ready');
const notIn = (ids: readonly string[]) => (ids.length ? sql`${tracks.id} not in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`true`);

/** An artist's ready tracks, most played first (then by title): what artist radio starts from. */
export async function listArtistRadioSeeds(db: Db, artistId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tracks.id })
    .from(tracks)
    .leftJoin(trackStats, eq(trackStats.trackId, tracks.id))
    .where(and(ready, eq(tracks.artistId, artistId)))
    .orderBy(sql`coalesce(${trackStats.plays}, 0) desc`, asc(tracks.title), asc(tracks.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** An album's ready tracks in disc and track order: what album radio starts from. */
export async function listAlbumRadioSeeds(db: Db, albumId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tracks.id })
    .from(tracks)
    .where(and(ready, eq(tracks.albumId, albumId)))
    .orderBy(sql`${tracks.discNo} asc nulls first`, sql`${tracks.trackNo} asc nulls last`, asc(tracks.title), asc(tracks.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Ready tracks not in `exclude`, for when radio has run out of candidates: the most played
 * (all time) first, then the rest in a random order, `limit` in all.
 */
export async function listRadioTopUp(db: Db, exclude: readonly string[], limit: number): Promise<string[]> {
  const popular = await db
    .select({ id: tracks.id })
    .from(trackStats)
    .innerJoin(tracks, eq(tracks.id, trackStats.trackId))
    .where(and(ready, sql`${trackStats.plays} > 0`, notIn(exclude)))
    .orderBy(desc(trackStats.plays), asc(tracks.id))
    .limit(limit);
  const ids = popular.map((r) => r.id);
  if (ids.length >= limit) return ids;
  const random = await db.execute(sql`select id from tracks where status = 'ready' and ${notIn([...exclude, ...ids])} order by random() limit ${limit - ids.length}`);
  return [...ids, ...rowsOf<{ id: string }>(random).map((r) => r.id)];
}
