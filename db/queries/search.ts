import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import { type CatalogTrack, searchTracks } from './catalog';

/**
 * Search as you type: artists, albums and tracks whose names match a query, best match first.
 * Everything is compared folded (`mist_fold`: lower case, accents and ligatures folded), so
 * "theatre" finds "Théâtre". A query of three characters or more matches by trigram word
 * similarity (typos forgiven) or as a substring; a shorter one, which trigrams cannot index,
 * matches the start of a name through the folded prefix indexes.
 */
export type ArtistHit = { id: string; name: string; albumCount: number; trackCount: number };
export type AlbumHit = { id: string; title: string; artistId: string; artist: string; year: number | null; coverKey: string | null };
export type PlaylistHit = { id: string; name: string; ownerName: string; own: boolean; isPublic: boolean; trackCount: number };

/** LIKE's special characters taken literally. */
export const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * How well the folded `field` answers the folded query: the whole name beats its start,
 * which beats the start of one of its words, which beats trigram similarity alone.
 */
function rank(field: SQL, q: string): SQL<number> {
  const fq = sql`mist_fold(${q})`;
  const prefix = sql`mist_fold(${likeEscape(q)})`;
  return sql<number>`(case when ${field} = ${fq} then 3 when ${field} like ${prefix} || '%' then 2 when ${field} like '% ' || ${prefix} || '%' then 1 else 0 end + word_similarity(${fq}, ${field}))`;
}

/** Which rows of `field` are candidates: trigram match or substring (long), prefix (short). */
function matches(field: SQL, q: string): SQL {
  const fq = sql`mist_fold(${q})`;
  if ([...q].length < 3) return sql`${field} collate "C" like mist_fold(${likeEscape(q)}) || '%'`;
  return sql`(${fq} <% ${field} or ${field} like '%' || mist_fold(${likeEscape(q)}) || '%')`;
}

export async function searchArtists(db: Db, q: string, limit: number): Promise<ArtistHit[]> {
  return withSearchSettings(db, (tx) => artistHits(tx, q, limit));
}

/** The counts come from artist_counts (kept by triggers on tracks: ready tracks only), not a count per artist. */
async function artistHits(db: Db, q: string, limit: number): Promise<ArtistHit[]> {
  const field = sql`a.name_folded`;
  const rows = await db.execute(sql`
      select a.id, a.name, c.album_count as "albumCount", c.track_count as "trackCount"
      from (select id, name, name_folded from artists a where ${matches(field, q)} order by ${rank(field, q)} desc, length(name_folded), name limit ${limit * 4}) a
      join artist_counts c on c.artist_id = a.id
      where c.track_count > 0
      order by ${rank(field, q)} desc, c.track_count desc, a.name
      limit ${limit}`);
  return rowsOf<ArtistHit>(rows);
}

export async function searchAlbums(db: Db, q: string, limit: number): Promise<AlbumHit[]> {
  return withSearchSettings(db, (tx) => albumHits(tx, q, limit));
}

async function albumHits(db: Db, q: string, limit: number): Promise<AlbumHit[]> {
  const field = sql`al.title_folded`;
  const rows = await db.execute(sql`
      select al.id, al.title, al.artist_id as "artistId", ar.name as artist, al.year, al.cover_key as "coverKey"
      from (select * from albums al where ${matches(field, q)} order by ${rank(field, q)} desc, length(title_folded), title limit ${limit * 4}) al
      join artists ar on ar.id = al.artist_id
      where exists (select 1 from tracks t where t.album_id = al.id and t.status = 'ready')
      order by ${rank(field, q)} desc, al.year desc nulls last, al.title
      limit ${limit}`);
  return rowsOf<AlbumHit>(rows);
}

/**
 * Playlists the viewer may open whose names match: their own (private or public) and others'
 * public ones, never others' private ones. Their own come first among equal matches.
 */
export async function searchPlaylists(db: Db, viewerId: string, q: string, limit: number): Promise<PlaylistHit[]> {
  return withSearchSettings(db, (tx) => playlistHits(tx, viewerId, q, limit));
}

async function playlistHits(db: Db, viewerId: string, q: string, limit: number): Promise<PlaylistHit[]> {
  const field = sql`p.name_folded`;
  const rows = await db.execute(sql`
      select p.id, p.name, u.display_name as "ownerName", p.owner_id = ${viewerId} as own, p.is_public as "isPublic",
        (select count(*)::int from playlist_items i join tracks t on t.id = i.track_id where i.playlist_id = p.id and t.status = 'ready') as "trackCount"
      from (select * from playlists p where ${matches(field, q)} and (p.owner_id = ${viewerId} or p.is_public)
            order by ${rank(field, q)} desc, (p.owner_id = ${viewerId}) desc, p.updated_at desc, p.id limit ${limit}) p
      join users u on u.id = p.owner_id
      order by ${rank(field, q)} desc, (p.owner_id = ${viewerId}) desc, p.updated_at desc, p.id`);
  return rowsOf<PlaylistHit>(rows);
}

/** Tracks as you type: a short query matches the start of titles; a longer one, everything searchTracks does. */
export async function searchTrackHits(db: Db, q: string, limit: number): Promise<CatalogTrack[]> {
  return [...q].length >= 3 ? trackHits(db, q, limit) : withSearchSettings(db, (tx) => trackHits(tx, q, limit));
}

/** In a transaction with the search settings when the query is short (searchTracks makes its own). */
function trackHits(db: Db, q: string, limit: number): Promise<CatalogTrack[]> {
  return [...q].length >= 3 ? searchTracks(db, q, { limit, offset: 0 }) : shortTrackHits(db, q, limit);
}

async function shortTrackHits(db: Db, q: string, limit: number): Promise<CatalogTrack[]> {
  const field = sql`t.title_folded`;
  const rows = await db.execute(sql`
      select t.id, t.title, t.artist_id as "artistId", ar.name as artist, t.album_id as "albumId", al.title as album, t.duration_ms as "durationMs",
             t.cover_key as "coverKey", t.track_no as "trackNo", t.disc_no as "discNo", t.gain_db as "gainDb", t.true_peak_db as "truePeakDb"
      from tracks t left join artists ar on ar.id = t.artist_id left join albums al on al.id = t.album_id
      where ${matches(field, q)} and t.status = 'ready'
      order by ${field} collate "C", t.title
      limit ${limit}`);
  return rowsOf<CatalogTrack>(rows);
}

export type SearchHits = { artists: ArtistHit[]; albums: AlbumHit[]; tracks: CatalogTrack[]; playlists: PlaylistHit[] };

/**
 * All four groups in one transaction, one after another: the settings are made once, and
 * PGlite (one connection) runs 7 statements per keystroke instead of 16 (a begin, the
 * settings and a commit per group). A long query's tracks still go through searchTracks (its
 * own settings, in a savepoint).
 */
export async function searchAllGroups(db: Db, viewerId: string, q: string, limit: number): Promise<SearchHits> {
  return withSearchSettings(db, async (tx) => {
    const artists = await artistHits(tx, q, limit);
    const albums = await albumHits(tx, q, limit);
    const tracks = await trackHits(tx, q, limit);
    const playlists = await playlistHits(tx, viewerId, q, limit);
    return { artists, albums, tracks, playlists };
  });
}

/**
 * The trigram threshold `<%` uses (0.4, as searchTracks), and no sequential scans: PGlite
 * keeps no statistics, and without them the planner would read every row.
 */
async function withSearchSettings<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.4', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    return run(tx as unknown as Db);
  });
}
