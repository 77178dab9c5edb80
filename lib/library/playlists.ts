import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { listCatalogTracksByIds } from '@/db/queries/catalog';
import { isForeignKeyViolation } from '@/db/errors';
import * as q from '@/db/queries/playlists';
import { countSmartMatches, evaluateSmartPlaylist } from '@/db/queries/smart-playlists';
import type { TrackSummary } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import type { Storage } from '@/lib/storage/types';
import { trackDto } from '@/lib/tracks/dto';
import { buildM3u8, m3u8Filename } from './m3u8';
import { isPositionKey, keyBetween, keysBetween } from './position-keys';
import { rulesSchema } from './smart-rules';

type Urls = Pick<Storage, 'publicUrl'>;

export const MAX_TRACKS_PER_ADD = 500;

const name = z.string().trim().min(1, 'Give the playlist a name.').max(100, 'At most 100 characters.');
const description = z.string().trim().max(1000, 'At most 1,000 characters.');
const uuid = z.uuid().transform((id) => id.toLowerCase());

/** With `rules`: a smart playlist (filled by them when opened). */
const createBody = z.strictObject({ name, description: description.default(''), isPublic: z.boolean().default(false), rules: rulesSchema.optional() });
const patchBody = z
  .strictObject({ name: name.optional(), description: description.optional(), isPublic: z.boolean().optional(), rules: rulesSchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send name, description, isPublic or rules.');
const previewBody = z.strictObject({ rules: rulesSchema });
const addBody = z.strictObject({
  trackIds: z.array(uuid).min(1, 'Send at least one track id.').max(MAX_TRACKS_PER_ADD, `At most ${MAX_TRACKS_PER_ADD} tracks at once.`),
  position: z.number().int().min(0).optional(),
  /** A track already in the playlist: refuse (409, the default), leave it out, or add it again. */
  ifAlreadyThere: z.enum(['ask', 'skip', 'add']).default('ask'),
});
const moveBody = z.strictObject({ position: z.number().int().min(0) });
const listQuery = z.strictObject({
  scope: z.enum(['own', 'public']).default('own'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const noSuchPlaylist = () => new AppError('not_found', 'No such playlist.');
const filledByRules = () => new AppError('conflict', 'Smart playlists are filled by their rules: change the rules to change its tracks.');

export function playlistDto(p: q.PlaylistSummary, viewerId: string, storage: Urls) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    isPublic: p.isPublic,
    smart: p.rules !== null,
    rules: p.rules,
    owner: { name: p.ownerName },
    isOwner: p.ownerId === viewerId,
    trackCount: p.trackCount,
    durationMs: p.durationMs,
    coverUrls: p.coverKeys.map((key) => storage.publicUrl(key)),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
export type PlaylistJson = ReturnType<typeof playlistDto>;

export async function createPlaylist(db: Db, storage: Urls, ownerId: string, body: unknown) {
  const id = await q.insertPlaylist(db, ownerId, createBody.parse(body));
  return playlistDto((await q.getVisiblePlaylist(db, id, ownerId))!, ownerId, storage);
}

export async function listPlaylists(db: Db, storage: Urls, viewerId: string, params: URLSearchParams) {
  const { scope, limit, offset } = listQuery.parse(Object.fromEntries(params));
  const rows = scope === 'public' ? await q.listPublicPlaylists(db, { limit, offset }) : await q.listOwnPlaylists(db, viewerId);
  return { playlists: rows.map((p) => playlistDto(p, viewerId, storage)) };
}

/**
 * A page of a playlist's items in order: the ready ones, each with its `position` among all
 * the playlist's items (so that an index sent back to move one means the same item), and
 * `next`, the cursor of the following page (null at the end).
 */
export async function listItemsPage(db: Db, playlistId: string, page: { limit: number; after?: string }) {
  const rows = await q.listPlaylistItems(db, playlistId, { limit: page.limit + 1, after: page.after });
  const kept = rows.slice(0, page.limit);
  const start = page.after === undefined || kept.length === 0 ? 0 : await q.indexOfKey(db, playlistId, kept[0]!.positionKey);
  return {
    items: kept.map((row, i) => ({ ...row, position: start + i })).filter((row) => row.track.status === 'ready'),
    next: rows.length > page.limit ? kept.at(-1)!.positionKey : null,
  };
}

export const ITEMS_PAGE_DEFAULT = 500;
export const ITEMS_PAGE_MAX = 1000;
const itemsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(ITEMS_PAGE_MAX).default(ITEMS_PAGE_DEFAULT),
  after: z.string().refine(isPositionKey, 'Not a cursor this playlist gave (send back "next" as it came).').optional(),
});

/**
 * A playlist its owner, or anyone when public, may see (404 otherwise, admins included), with
 * a page of its items (`?limit`, `?after` = the previous page's `next`). A smart playlist's
 * tracks come all at once (its rules cap them at 1,000).
 */
export async function getPlaylist(db: Db, storage: Urls, viewerId: string, id: string, params = new URLSearchParams()) {
  const page = itemsQuery.parse(Object.fromEntries(params));
  const playlist = await q.getVisiblePlaylist(db, id, viewerId);
  if (!playlist) throw noSuchPlaylist();
  if (playlist.rules) {
    const { summary, tracks } = await openSmartPlaylist(db, playlist);
    return { playlist: playlistDto(summary, viewerId, storage), items: tracks.map((track, position) => ({ itemId: null, position, track: trackDto(track, storage) })), next: null };
  }
  const { items, next } = await listItemsPage(db, id, page);
  return {
    playlist: playlistDto(playlist, viewerId, storage),
    items: items.map((item) => ({ itemId: item.itemId, position: item.position, addedAt: item.addedAt, track: trackDto(item.track, storage) })),
    next,
  };
}

/**
 * A smart playlist's tracks now (its owner's plays and likes), and its summary with the
 * count, length and covers of those tracks.
 */
export async function openSmartPlaylist(db: Db, playlist: q.PlaylistSummary): Promise<{ summary: q.PlaylistSummary; tracks: TrackSummary[] }> {
  const tracks = await evaluateSmartPlaylist(db, playlist.ownerId, playlist.rules!);
  const coverKeys = [...new Set(tracks.flatMap((t) => (t.coverKey ? [t.coverKey] : [])))].slice(0, 4);
  const durationMs = tracks.reduce((sum, t) => sum + (t.durationMs ?? 0), 0);
  return { summary: { ...playlist, trackCount: tracks.length, durationMs, coverKeys }, tracks };
}

/** How many tracks these rules pick for the caller (`matching`) and how many the playlist would hold (`count`, within the limit). */
export async function previewSmartPlaylist(db: Db, ownerId: string, body: unknown) {
  const { rules } = previewBody.parse(body);
  const matching = await countSmartMatches(db, ownerId, rules);
  return { matching, count: Math.min(matching, rules.limit) };
}

/** The owner's own playlist or 404: someone else's public playlist is theirs to change only. */
async function owned(db: Db, ownerId: string, id: string) {
  const playlist = await q.getVisiblePlaylist(db, id, ownerId);
  if (!playlist || playlist.ownerId !== ownerId) throw playlist ? new AppError('forbidden', 'Only its owner can change this playlist.') : noSuchPlaylist();
  return playlist;
}

export async function editPlaylist(db: Db, storage: Urls, ownerId: string, id: string, body: unknown) {
  const playlist = await owned(db, ownerId, id);
  const patch = patchBody.parse(body);
  if (patch.rules && !playlist.rules) throw new AppError('conflict', 'Only a smart playlist has rules: make a new smart playlist instead.');
  if (!(await q.updatePlaylist(db, ownerId, id, patch))) throw noSuchPlaylist();
  return playlistDto((await q.getVisiblePlaylist(db, id, ownerId))!, ownerId, storage);
}

export async function removePlaylist(db: Db, ownerId: string, id: string): Promise<void> {
  await owned(db, ownerId, id);
  if (!(await q.deletePlaylist(db, ownerId, id))) throw noSuchPlaylist();
}

/**
 * Runs `work` with the owner's ordinary playlist locked (one add, move or removal at a time
 * per playlist) and marked changed: 404 when there is none the caller may see, 403 when it
 * is someone else's public one, 409 when it is smart (its rules choose its tracks).
 */
async function withLockedPlaylist<T>(db: Db, ownerId: string, id: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const playlist = await q.lockPlaylist(tx, id);
    if (!playlist || (playlist.ownerId !== ownerId && !playlist.isPublic)) throw noSuchPlaylist();
    if (playlist.ownerId !== ownerId) throw new AppError('forbidden', 'Only its owner can change this playlist.');
    if (playlist.smart) throw filledByRules();
    return work(tx);
  });
}

/**
 * Adds tracks (in the order sent) at `position` (0-based; the end by default). Unknown or
 * unready ids are refused (400, listed); tracks already there are refused (409, listed)
 * unless `ifAlreadyThere` is `skip` or `add`.
 */
export async function addItems(db: Db, ownerId: string, id: string, body: unknown) {
  const { trackIds, position, ifAlreadyThere } = addBody.parse(body);
  const ready = new Set((await listCatalogTracksByIds(db, [...new Set(trackIds)])).map((t) => t.id));
  const unknown = [...new Set(trackIds.filter((t) => !ready.has(t)))];
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `No such track (or not ready): ${unknown.join(', ')}.`, { fieldErrors: { trackIds: unknown.map((t) => `No such track: ${t}`) }, trackIds: unknown });
  }
  try {
    return await withLockedPlaylist(db, ownerId, id, async (tx) => {
      const already = await q.tracksAlreadyIn(tx, id, [...new Set(trackIds)]);
      if (already.length > 0 && ifAlreadyThere === 'ask') {
        throw new AppError('conflict', `Already in this playlist: ${already.length} of these tracks. Send ifAlreadyThere "add" to add them again or "skip" to leave them out.`, { trackIds: already });
      }
      const adding = ifAlreadyThere === 'skip' ? trackIds.filter((t) => !already.includes(t)) : trackIds;
      const count = await q.countPlaylistItems(tx, id);
      const at = Math.min(position ?? count, count);
      const [before, after] = await q.keysAround(tx, id, at);
      const keys = keysBetween(before, after, adding.length);
      const rows = await q.insertPlaylistItems(tx, id, adding.map((trackId, i) => ({ trackId, position: keys[i]! })));
      rows.sort((a, b) => (a.position < b.position ? -1 : 1));
      return { items: rows.map((r, i) => ({ itemId: r.itemId, trackId: r.trackId, position: at + i })), skipped: trackIds.filter((t) => !adding.includes(t)) };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new AppError('conflict', 'A track was deleted meanwhile; try again.');
    throw error;
  }
}

/** Moves an item to the 0-based index `position` (past the end: last), writing one key. */
export async function moveItem(db: Db, ownerId: string, id: string, itemId: string, body: unknown) {
  const { position } = moveBody.parse(body);
  return withLockedPlaylist(db, ownerId, id, async (tx) => {
    const place = await q.placeForMove(tx, id, itemId, position);
    if (!place) throw new AppError('not_found', 'No such item in this playlist.');
    await q.setItemPosition(tx, itemId, keyBetween(place.before, place.after));
    return { itemId, position: place.at };
  });
}

export async function removeItem(db: Db, ownerId: string, id: string, itemId: string): Promise<void> {
  await withLockedPlaylist(db, ownerId, id, async (tx) => {
    if (!(await q.deletePlaylistItem(tx, id, itemId))) throw new AppError('not_found', 'No such item in this playlist.');
  });
}

/** The playlist as an M3U8 file: each ready track's page at `baseUrl`. */
export async function exportPlaylist(db: Db, viewerId: string, id: string, baseUrl: string) {
  const playlist = await q.getVisiblePlaylist(db, id, viewerId);
  if (!playlist) throw noSuchPlaylist();
  const tracks = playlist.rules ? (await openSmartPlaylist(db, playlist)).tracks : (await q.listPlaylistItems(db, id)).filter((i) => i.track.status === 'ready').map((i) => i.track);
  const entries = tracks.map((track) => ({ title: track.title, artist: track.artist, durationMs: track.durationMs, url: new URL(`/tracks/${track.id}`, baseUrl).href }));
  return { filename: m3u8Filename(playlist.name), body: buildM3u8(playlist.name, entries) };
}
