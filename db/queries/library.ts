import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import type { CatalogTrack } from './catalog';

/**
 * The library's album and artist grids, paged by keyset: each page starts after the last
 * row of the page before (its sort key and id, the cursor), so page 500 costs what page 1
 * does. Every order ends in the id, so ties (same title, same year) fall the same way on
 * every request and no album is shown twice or left out between pages. Each order reads its
 * own index (migration 0015_library_pages); only albums and artists with a ready track show.
 */
/** Cards per page of the grids: fills rows of 2, 3, 4 and 6. */
export const LIBRARY_PAGE_SIZE = 48;

export const ALBUM_SORTS = ['added', 'name', 'artist', 'year'] as const;
export type AlbumSort = (typeof ALBUM_SORTS)[number];
export const ARTIST_SORTS = ['name', 'tracks'] as const;
export type ArtistSort = (typeof ARTIST_SORTS)[number];

export type LibraryAlbum = { id: string; title: string; artistId: string; artist: string; year: number | null; coverKey: string | null };
export type LibraryArtist = { id: string; name: string; albumCount: number; trackCount: number };
/** A page and the cursor of the next one (null on the last page). */
export type KeysetPage<T> = { items: T[]; next: string | null };

/** A cursor is the last row's sort key, as JSON in base64url: opaque in the address, checked when read. */
export const encodeCursor = (key: (string | number)[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The key in `cursor` if it has the shape `types` expects ('s' text, 'n' integer); else null (start over). */
export function decodeCursor(cursor: string | null | undefined, types: string): (string | number)[] | null {
  if (!cursor || cursor.length > 1000) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== types.length) return null;
    const ok = key.every((v, i) => (types[i] === 'n' ? Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 500));
    return ok ? key : null;
  } catch {
    return null;
  }
}

const uuidLike = (v: string | number) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** Per album sort: the cursor's shape, the key it compares (a row, ascending), and how the last row's key is read. */
const albumOrders: Record<AlbumSort, { types: string; key: SQL; after: (k: (string | number)[]) => SQL; cursor: SQL }> = {
  // Newest first: (created_at, id) descending, walked backwards on its index. The time travels as text, to the microsecond.
  added: {
    types: 'ss',
    key: sql`al.created_at desc, al.id desc`,
    after: ([t, id]) => sql`(al.created_at, al.id) < (${t}::timestamptz, ${id}::uuid)`,
    cursor: sql`json_build_array(al.created_at::text, al.id)`,
  },
  name: {
    types: 'ss',
    key: sql`al.title_folded collate "C", al.id`,
    after: ([t, id]) => sql`(al.title_folded collate "C", al.id) > (${t}::text collate "C", ${id}::uuid)`,
    cursor: sql`json_build_array(al.title_folded, al.id)`,
  },
  // Newest year first, undated last; within a year by title.
  year: {
    types: 'nss',
    key: sql`(-coalesce(al.year, -1)), al.title_folded collate "C", al.id`,
    after: ([y, t, id]) => sql`((-coalesce(al.year, -1)), al.title_folded collate "C", al.id) > (${y}::int, ${t}::text collate "C", ${id}::uuid)`,
    cursor: sql`json_build_array(-coalesce(al.year, -1), al.title_folded, al.id)`,
  },
  // By artist, then title: walked artist by artist (see listLibraryAlbums).
  artist: {
    types: 'ssss',
    key: sql`ar.name_folded collate "C", ar.id, al.title_folded collate "C", al.id`,
    after: ([n, aid, t, id]) => sql`(ar.name_folded collate "C", ar.id, al.title_folded collate "C", al.id) > (${n}::text collate "C", ${aid}::uuid, ${t}::text collate "C", ${id}::uuid)`,
    cursor: sql`json_build_array(ar.name_folded, ar.id, al.title_folded, al.id)`,
  },
};

const hasReadyTrack = sql`exists (select 1 from tracks t where t.album_id = al.id and t.status = 'ready')`;

/** Checks a decoded key's ids; a key naming no uuid where one belongs starts over. */
function validKey(sort: AlbumSort, key: (string | number)[] | null) {
  if (!key) return null;
  const ids = sort === 'artist' ? [key[1]!, key[3]!] : [key.at(-1)!];
  return ids.every(uuidLike) ? key : null;
}

/** One page of albums in `sort` order, after `cursor` (from the previous page's `next`). */
export async function listLibraryAlbums(db: Db, options: { sort: AlbumSort; cursor?: string | null; limit: number }): Promise<KeysetPage<LibraryAlbum>> {
  const order = albumOrders[options.sort];
  const key = validKey(options.sort, decodeCursor(options.cursor, order.types));
  const after = key ? order.after(key) : sql`true`;
  const columns = sql`al.id, al.title, al.artist_id as "artistId", ar.name as artist, al.year, al.cover_key as "coverKey", ${order.cursor} as cursor`;
  const query =
    options.sort === 'artist'
      ? // Artists in name order from their index, each one's albums in title order from theirs
        // (OFFSET 0 keeps it a nested loop): the sort on top is incremental and stops at the page.
        sql`select ${columns}
          from (select id, name, name_folded from artists where ${key ? sql`(name_folded collate "C", id) >= (${key[0]}::text collate "C", ${key[1]}::uuid)` : sql`true`} order by name_folded collate "C", id) ar
          cross join lateral (select * from albums al where al.artist_id = ar.id and ${hasReadyTrack} order by al.title_folded collate "C", al.id offset 0) al
          where ${after}
          order by ${order.key} limit ${options.limit + 1}`
      : sql`select ${columns} from albums al join artists ar on ar.id = al.artist_id
          where ${after} and ${hasReadyTrack}
          order by ${order.key} limit ${options.limit + 1}`;
  const rows = rowsOf<LibraryAlbum & { cursor: unknown }>(await withIndexes(db, (tx) => tx.execute(query)));
  return page(rows, options.limit);
}

/** One page of artists with ready tracks: by name, or most tracks first (then by name). */
export async function listLibraryArtists(db: Db, options: { sort: ArtistSort; cursor?: string | null; limit: number }): Promise<KeysetPage<LibraryArtist>> {
  const byName = options.sort === 'name';
  const key = decodeCursor(options.cursor, byName ? 'ss' : 'nss');
  const valid = key && uuidLike(key.at(-1)!) ? key : null;
  // Counts come from artist_counts (kept by triggers on tracks, migration 0015).
  const columns = sql`ar.id, ar.name, c.album_count as "albumCount", c.track_count as "trackCount"`;
  const query = byName
    ? sql`select ${columns}, json_build_array(ar.name_folded, ar.id) as cursor
        from (select id, name, name_folded from artists
              where ${valid ? sql`(name_folded collate "C", id) > (${valid[0]}::text collate "C", ${valid[1]}::uuid)` : sql`true`}
              order by name_folded collate "C", id) ar
        join artist_counts c on c.artist_id = ar.id
        where c.track_count > 0
        order by ar.name_folded collate "C", ar.id limit ${options.limit + 1}`
    : sql`select ${columns}, json_build_array(-c.track_count, c.name_folded, c.artist_id) as cursor
        from artist_counts c join artists ar on ar.id = c.artist_id
        where c.track_count > 0
          and ${valid ? sql`((-c.track_count), c.name_folded collate "C", c.artist_id) > (${valid[0]}::int, ${valid[1]}::text collate "C", ${valid[2]}::uuid)` : sql`true`}
        order by (-c.track_count), c.name_folded collate "C", c.artist_id limit ${options.limit + 1}`;
  const rows = rowsOf<LibraryArtist & { cursor: unknown }>(await withIndexes(db, (tx) => tx.execute(query)));
  return page(rows, options.limit);
}

function page<T extends { cursor: unknown }>(rows: T[], limit: number): KeysetPage<Omit<T, 'cursor'>> {
  const items = rows.slice(0, limit).map(({ cursor: _, ...item }) => item);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  const key = last ? (typeof last.cursor === 'string' ? JSON.parse(last.cursor) : last.cursor) : null;
  return { items, next: key ? encodeCursor(key as (string | number)[]) : null };
}

export type Genre = { key: string; name: string; trackCount: number };

/** Genres of ready tracks (told apart folded: "Rock" and "rock" are one, named by their most common spelling), most tracks first. */
export async function listGenres(db: Db, limit = 500): Promise<Genre[]> {
  const rows = await db.execute(sql`
    select genre_folded as key, name, track_count as "trackCount" from genre_counts
    where track_count > 0 order by track_count desc, genre_folded collate "C" limit ${limit}`);
  return rowsOf<Genre>(rows);
}

/** Whether any ready track has a genre (the navigation shows Genres only then). */
export async function hasGenres(db: Db): Promise<boolean> {
  const rows = rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from genre_counts where track_count > 0) as any`));
  return !!rows[0]?.any;
}

const catalogColumns = sql`t.id, t.title, t.artist_id as "artistId", ar.name as artist, t.album_id as "albumId", al.title as album, t.duration_ms as "durationMs",
  t.cover_key as "coverKey", t.track_no as "trackNo", t.disc_no as "discNo", t.gain_db as "gainDb", t.true_peak_db as "truePeakDb"`;

/** The ready tracks of one genre (its folded key), by title, keyset paged. */
export async function listGenreTracks(db: Db, genreKey: string, options: { cursor?: string | null; limit: number }): Promise<KeysetPage<CatalogTrack>> {
  const key = decodeCursor(options.cursor, 'ss');
  const valid = key && uuidLike(key[1]!) ? key : null;
  const rows = await withIndexes(db, (tx) =>
    tx.execute(sql`
      select ${catalogColumns}, json_build_array(t.title_folded, t.id) as cursor
      from tracks t left join artists ar on ar.id = t.artist_id left join albums al on al.id = t.album_id
      where t.status = 'ready' and t.genre_folded is not null and t.genre_folded = ${genreKey}
        and ${valid ? sql`(t.title_folded collate "C", t.id) > (${valid[0]}::text collate "C", ${valid[1]}::uuid)` : sql`true`}
      order by t.title_folded collate "C", t.id limit ${options.limit + 1}`),
  );
  return page(rowsOf<CatalogTrack & { cursor: unknown }>(rows), options.limit);
}

/** The name a genre key stands for, or undefined when no ready track has it. */
export async function getGenreName(db: Db, genreKey: string): Promise<string | undefined> {
  const rows = rowsOf<{ name: string }>(await db.execute(sql`select name from genre_counts where genre_folded = ${genreKey} and track_count > 0`));
  return rows[0]?.name;
}

/**
 * An artist's most played ready tracks: counted plays of every listener (track_stats), most
 * first; tracks never played are left out.
 */
export async function listArtistMostPlayed(db: Db, artistId: string, limit = 5): Promise<(CatalogTrack & { plays: number })[]> {
  const rows = await db.execute(sql`
    select ${catalogColumns}, s.plays
    from tracks t join track_stats s on s.track_id = t.id
    left join artists ar on ar.id = t.artist_id left join albums al on al.id = t.album_id
    where t.artist_id = ${artistId} and t.status = 'ready' and s.plays > 0
    order by s.plays desc, t.title_folded collate "C", t.id limit ${limit}`);
  return rowsOf<CatalogTrack & { plays: number }>(rows);
}

/** Albums by when they were added, newest first (the home page's shelf). */
export async function listRecentAlbums(db: Db, limit: number): Promise<LibraryAlbum[]> {
  return (await listLibraryAlbums(db, { sort: 'added', limit })).items;
}

/**
 * No sequential scans: PGlite keeps no statistics until the upkeep job's ANALYZE, and
 * without them the planner may read every album to sort it instead of walking an index.
 */
async function withIndexes<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    return run(tx as unknown as Db);
  });
}
