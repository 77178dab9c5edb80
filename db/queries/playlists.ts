import { and, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SmartRules } from '../../lib/library/smart-rules';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { albums, artists, playlistItems, playlists, tracks, users } from '../schema';
import { trackSummaryColumns, type TrackSummary } from './tracks';

/** A playlist as lists and pages show it: counts over its ready tracks, up to four covers. */
export type PlaylistSummary = {
  id: string;
  name: string;
  description: string;
  isPublic: boolean;
  ownerId: string;
  ownerName: string;
  /** A smart playlist's rules (null: an ordinary playlist). */
  rules: SmartRules | null;
  /** null for a smart playlist: known only once its rules are evaluated. */
  trackCount: number | null;
  durationMs: number | null;
  coverKeys: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type PlaylistFields = { name: string; description: string; isPublic: boolean; rules?: SmartRules };

const ordinaryOnly = (value: SQL) => sql`case when ${playlists.rules} is null then ${value} end`;

const byPosition = sql`${playlistItems.position} collate "C"`;

const summary = {
  id: playlists.id,
  name: playlists.name,
  description: playlists.description,
  isPublic: playlists.isPublic,
  ownerId: playlists.ownerId,
  ownerName: users.displayName,
  rules: playlists.rules,
  trackCount: sql<number | null>`${ordinaryOnly(sql`(select count(*)::int from playlist_items i join tracks t on t.id = i.track_id where i.playlist_id = ${playlists.id} and t.status = 'ready')`)}`,
  durationMs: sql<number | null>`${ordinaryOnly(sql`(select coalesce(sum(t.duration_ms), 0)::bigint from playlist_items i join tracks t on t.id = i.track_id where i.playlist_id = ${playlists.id} and t.status = 'ready')`)}`.mapWith((v) => (v === null ? null : Number(v))),
  // The covers of the first four distinct covers in playlist order (a mosaic).
  coverKeys: sql<string[]>`(select coalesce(array_agg(c.cover_key order by c.first), '{}') from (
      select t.cover_key, min(i.position collate "C") as first from playlist_items i join tracks t on t.id = i.track_id
      where i.playlist_id = ${playlists.id} and t.status = 'ready' and t.cover_key is not null
      group by t.cover_key order by first limit 4) c)`,
  createdAt: playlists.createdAt,
  updatedAt: playlists.updatedAt,
};

function selectSummaries(db: Db) {
  return db.select(summary).from(playlists).innerJoin(users, eq(users.id, playlists.ownerId));
}

export async function insertPlaylist(db: Db, ownerId: string, fields: PlaylistFields): Promise<string> {
  const [row] = await db.insert(playlists).values({ ownerId, ...fields }).returning({ id: playlists.id });
  return row!.id;
}

/** The playlist if `viewerId` owns it or it is public. */
export async function getVisiblePlaylist(db: Db, id: string, viewerId: string): Promise<PlaylistSummary | undefined> {
  const [row] = await selectSummaries(db).where(and(eq(playlists.id, id), or(eq(playlists.ownerId, viewerId), eq(playlists.isPublic, true))));
  return row;
}

export async function listOwnPlaylists(db: Db, ownerId: string): Promise<PlaylistSummary[]> {
  return selectSummaries(db).where(eq(playlists.ownerId, ownerId)).orderBy(desc(playlists.updatedAt), desc(playlists.id));
}

/** Public playlists of everyone (the caller's own too), most recently changed first. */
export async function listPublicPlaylists(db: Db, page: { limit: number; offset: number }): Promise<PlaylistSummary[]> {
  return selectSummaries(db).where(eq(playlists.isPublic, true)).orderBy(desc(playlists.updatedAt), desc(playlists.id)).limit(page.limit).offset(page.offset);
}

/** The owner's names of their playlists, for menus: cheap, no counts. */
export async function listOwnPlaylistNames(db: Db, ownerId: string): Promise<{ id: string; name: string }[]> {
  return db.select({ id: playlists.id, name: playlists.name }).from(playlists).where(eq(playlists.ownerId, ownerId)).orderBy(desc(playlists.updatedAt), desc(playlists.id));
}

export async function updatePlaylist(db: Db, ownerId: string, id: string, patch: Partial<PlaylistFields>): Promise<boolean> {
  const rows = await db
    .update(playlists)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(playlists.id, id), eq(playlists.ownerId, ownerId)))
    .returning({ id: playlists.id });
  return rows.length === 1;
}

export async function deletePlaylist(db: Db, ownerId: string, id: string): Promise<boolean> {
  const rows = await db.delete(playlists).where(and(eq(playlists.id, id), eq(playlists.ownerId, ownerId))).returning({ id: playlists.id });
  return rows.length === 1;
}

/**
 * Marks a playlist changed (lists show the latest first), which locks its row for the
 * transaction: adds, moves and removals on one playlist run one at a time and each sees the
 * keys the previous one wrote. Says whose it is and of what kind (undefined: no such
 * playlist); a caller that may not change it throws, and the transaction undoes the mark.
 */
export async function lockPlaylist(tx: Db, id: string): Promise<{ ownerId: string; isPublic: boolean; smart: boolean } | undefined> {
  const [row] = await tx
    .update(playlists)
    .set({ updatedAt: new Date() })
    .where(eq(playlists.id, id))
    .returning({ ownerId: playlists.ownerId, isPublic: playlists.isPublic, smart: sql<boolean>`${playlists.rules} is not null` });
  return row;
}

export type PlaylistItemRow = { itemId: string; positionKey: string; addedAt: Date; track: TrackSummary };

/**
 * Items in order, with their tracks (any status: the caller shows the ready ones): all of
 * them, or with `page` at most `limit` after the item keyed `after` (keyset on the position
 * index, as fast deep in a long playlist as at its start).
 */
export async function listPlaylistItems(db: Db, playlistId: string, page?: { limit: number; after?: string }): Promise<PlaylistItemRow[]> {
  const query = db
    .select({ itemId: playlistItems.id, positionKey: playlistItems.position, addedAt: playlistItems.addedAt, ...trackSummaryColumns })
    .from(playlistItems)
    .innerJoin(tracks, eq(tracks.id, playlistItems.trackId))
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(and(eq(playlistItems.playlistId, playlistId), page?.after === undefined ? undefined : sql`${byPosition} > ${page.after} collate "C"`))
    .orderBy(byPosition)
    .$dynamic();
  const rows = await (page ? query.limit(page.limit) : query);
  return rows.map(({ itemId, positionKey, addedAt, ...track }) => ({ itemId, positionKey, addedAt, track }));
}

/**
 * The keys either side of index `at` in the playlist's order, leaving out `except` (the item
 * being moved): [key before, key after], null past an end.
 */
export async function keysAround(tx: Db, playlistId: string, at: number, except?: string): Promise<[string | null, string | null]> {
  const where = and(eq(playlistItems.playlistId, playlistId), except ? ne(playlistItems.id, except) : undefined);
  const rows = await tx
    .select({ key: playlistItems.position })
    .from(playlistItems)
    .where(where)
    .orderBy(byPosition)
    .offset(Math.max(at - 1, 0))
    .limit(2);
  if (at === 0) return [null, rows[0]?.key ?? null];
  return [rows[0]?.key ?? null, rows[1]?.key ?? null];
}

export async function countPlaylistItems(tx: Db, playlistId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(playlistItems).where(eq(playlistItems.playlistId, playlistId));
  return row!.n;
}

/** The 0-based index an item with this key has (items before it). */
export async function indexOfKey(tx: Db, playlistId: string, key: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(playlistItems)
    .where(and(eq(playlistItems.playlistId, playlistId), sql`${byPosition} < ${key} collate "C"`));
  return row!.n;
}

/**
 * What a move needs, in one statement: whether the item is in the playlist, and the keys
 * either side of index `position` among the other items, with that index. Undefined when the
 * item is not there. Counting the items is left to a target past the end (clamped to it):
 * counting walks the whole playlist, which a move within it need not.
 */
export async function placeForMove(tx: Db, playlistId: string, itemId: string, position: number): Promise<{ at: number; before: string | null; after: string | null } | undefined> {
  const result = await tx.execute(sql`
    with near as (
      select position collate "C" as key, row_number() over (order by position collate "C") as n from (
        select position from playlist_items
        where playlist_id = ${playlistId} and id <> ${itemId}
        order by position collate "C"
        offset greatest(${position}::int - 1, 0) limit 2
      ) k
    )
    select (select key from near where n = 1) as first, (select key from near where n = 2) as second
    where exists (select 1 from playlist_items where id = ${itemId} and playlist_id = ${playlistId})`);
  const [row] = rowsOf<{ first: string | null; second: string | null }>(result);
  if (!row) return undefined;
  if (position <= 0) return { at: 0, before: null, after: row.first };
  if (row.first !== null) return { at: position, before: row.first, after: row.second };
  // Past the end: last, after the last of the others.
  const [end] = rowsOf<{ others: number; last: string | null }>(
    await tx.execute(sql`
      select count(*)::int as others,
        (select position collate "C" from playlist_items where playlist_id = ${playlistId} and id <> ${itemId} order by position collate "C" desc limit 1) as last
      from playlist_items where playlist_id = ${playlistId} and id <> ${itemId}`),
  );
  return { at: Number(end!.others), before: end!.last, after: null };
}

/** Which of `trackIds` the playlist already holds. */
export async function tracksAlreadyIn(tx: Db, playlistId: string, trackIds: string[]): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ trackId: playlistItems.trackId })
    .from(playlistItems)
    .where(and(eq(playlistItems.playlistId, playlistId), inArray(playlistItems.trackId, trackIds)));
  return rows.map((r) => r.trackId);
}

export async function insertPlaylistItems(tx: Db, playlistId: string, items: { trackId: string; position: string }[]): Promise<{ itemId: string; trackId: string; position: string }[]> {
  if (items.length === 0) return [];
  return tx
    .insert(playlistItems)
    .values(items.map((i) => ({ playlistId, ...i })))
    .returning({ itemId: playlistItems.id, trackId: playlistItems.trackId, position: playlistItems.position });
}

export async function setItemPosition(tx: Db, itemId: string, position: string): Promise<void> {
  await tx.update(playlistItems).set({ position }).where(eq(playlistItems.id, itemId));
}

export async function deletePlaylistItem(tx: Db, playlistId: string, itemId: string): Promise<boolean> {
  const rows = await tx.delete(playlistItems).where(and(eq(playlistItems.id, itemId), eq(playlistItems.playlistId, playlistId))).returning({ id: playlistItems.id });
  return rows.length === 1;
}
