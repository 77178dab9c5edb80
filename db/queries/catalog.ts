import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { albums, artists, tracks } from '../schema';

/**
 * What listeners see. Every query here shows `ready` tracks only and selects no key, no
 * storage internals beyond the cover.
 */
export type CatalogTrack = {
  id: string;
  title: string;
  artistId: string | null;
  artist: string | null;
  albumId: string | null;
  album: string | null;
  durationMs: number | null;
  coverKey: string | null;
  trackNo: number | null;
  discNo: number | null;
  /** Loudness: the stored gain to the target and the true peak (dB), for the player's normalization. */
  gainDb: number | null;
  truePeakDb: number | null;
};

const row = {
  id: tracks.id,
  title: tracks.title,
  artistId: tracks.artistId,
  artist: artists.name,
  albumId: tracks.albumId,
  album: albums.title,
  durationMs: tracks.durationMs,
  coverKey: tracks.coverKey,
  trackNo: tracks.trackNo,
  discNo: tracks.discNo,
  gainDb: tracks.gainDb,
  truePeakDb: tracks.truePeakDb,
};

const ready = eq(tracks.status, 'ready');

function base(db: Db) {
  return db.select(row).from(tracks).leftJoin(artists, eq(artists.id, tracks.artistId)).leftJoin(albums, eq(albums.id, tracks.albumId));
}

export async function listRecentTracks(db: Db, page: { limit: number; offset: number }): Promise<CatalogTrack[]> {
  return base(db).where(ready).orderBy(desc(tracks.readyAt), desc(tracks.id)).limit(page.limit).offset(page.offset);
}

export async function countReadyTracks(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(tracks).where(ready);
  return r!.n;
}

export async function getCatalogTrack(db: Db, id: string): Promise<CatalogTrack | undefined> {
  const [t] = await base(db).where(and(ready, eq(tracks.id, id)));
  return t;
}

/** Ready tracks among `ids`, in no particular order; unknown and unready ids are left out. */
export async function listCatalogTracksByIds(db: Db, ids: string[]): Promise<CatalogTrack[]> {
  if (ids.length === 0) return [];
  return base(db).where(and(ready, inArray(tracks.id, ids)));
}

export async function getAlbumPage(db: Db, id: string) {
  const [album] = await db
    .select({ id: albums.id, title: albums.title, year: albums.year, coverKey: albums.coverKey, artistId: albums.artistId, artist: artists.name })
    .from(albums)
    .innerJoin(artists, eq(artists.id, albums.artistId))
    .where(eq(albums.id, id));
  if (!album) return undefined;
  const list = await base(db)
    .where(and(ready, eq(tracks.albumId, id)))
    .orderBy(sql`${tracks.discNo} asc nulls first`, sql`${tracks.trackNo} asc nulls last`, asc(tracks.title));
  if (list.length === 0) return undefined;
  return { album, tracks: list, totalMs: list.reduce((sum, t) => sum + (t.durationMs ?? 0), 0) };
}

/**
 * An artist, their albums (newest first) and up to `trackLimit` of their ready tracks in
 * album order (newest album first, then disc and track; tracks on no album last, by title),
 * with how many there are in all.
 */
export async function getArtistPage(db: Db, id: string, trackLimit: number) {
  const [artist] = await db.select({ id: artists.id, name: artists.name }).from(artists).where(eq(artists.id, id));
  if (!artist) return undefined;
  const albumList = await db
    .select({ id: albums.id, title: albums.title, year: albums.year, coverKey: albums.coverKey, trackCount: sql<number>`count(${tracks.id})::int` })
    .from(albums)
    .innerJoin(tracks, and(eq(tracks.albumId, albums.id), ready))
    .where(eq(albums.artistId, id))
    .groupBy(albums.id)
    .orderBy(sql`${albums.year} desc nulls last`, asc(albums.title));
  const trackList = await base(db)
    .where(and(ready, eq(tracks.artistId, id)))
    .orderBy(sql`${albums.year} desc nulls last`, sql`${albums.title} nulls last`, tracks.albumId, sql`${tracks.discNo} asc nulls first`, sql`${tracks.trackNo} asc nulls last`, asc(tracks.title), tracks.id)
    .limit(trackLimit);
  if (albumList.length === 0 && trackList.length === 0) return undefined;
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(tracks).where(and(ready, eq(tracks.artistId, id)));
  return { artist, albums: albumList, tracks: trackList, trackCount: total!.n };
}

/**
 * Search over title, artist and album that forgives typos: trigram word similarity
 * (pg_trgm, on PGlite and PostgreSQL alike) above 0.4 or a plain substring match, best first.
 *
 * Scoring every track of a large catalog takes seconds, so only candidates are scored: for
 * each field, its `offset + limit` best matches, found through the trigram indexes and ranked
 * as the page is (score, then title); artists and albums are scored once, not per track. A
 * track on the page ranks among the best of the field it scores highest on, so it is among
 * the candidates (among substring-only matches, ranked by a weaker field, the order may
 * rarely differ).
 */
export async function searchTracks(db: Db, query: string, page: { limit: number; offset: number }): Promise<CatalogTrack[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const escaped = sql`mist_fold(${q.replace(/[\\%_]/g, (c) => `\\${c}`)})`;
  const like = sql`'%' || ${escaped} || '%'`;
  const prefix = sql`${escaped} || '%'`;
  const fq = sql`mist_fold(${q})`;
  const k = page.offset + page.limit;
  // Planned as written, whatever the statistics: each match set through its trigram index
  // (materialized, so `status` is checked after it), then the tracks of matching artists and
  // albums through their index (OFFSET 0 keeps the lateral join a nested loop), best match
  // first: sorted by score, the join feeds an incremental sort that stops once it has `k`
  // tracks, so a broad query ("the …", ~650 artists at 100,000 tracks) reads the tracks of
  // the few best artists, not all 31,000 (23 ms -> 6 ms on PostgreSQL, EXPLAIN ANALYZE).
  // Titles and genres: `column %> query` (the index's own form) and the similarity taken once
  // in a subquery. Written `query <% column`, the planner rechecks it on every heap row and
  // then filters by it again, then computes the similarity a third time; word_similarity is
  // most of a track search's time on PGlite (~2,800 rows for "har" at 100,000 tracks). The
  // outer `s >= 0.4` is the threshold set below, as `<%` would test it. Genres: matched among
  // the distinct ones (genre_counts, a few hundred rows), then each genre's first `k` tracks in
  // the order of tracks_genre_keyset (folded title), read from it, instead of a similarity per
  // track of the genre (8,000 tracks of "Rock" for "ro" at 100,000 tracks). Ties go by folded
  // title (byte order) and id, in every branch and in the result, as that index gives them: a
  // genre's first `k` are then the first `k` of the result's order, and pages do not overlap.
  const candidates = sql`(
    with by_title as materialized (
      select id, title_folded, status, s from (
        select id, status, title_folded, word_similarity(${fq}, title_folded) as s from tracks where title_folded %> ${fq} or title_folded like ${like} offset 0
      ) m where s >= 0.4 or title_folded like ${like}
    ), by_genre as materialized (
      select t.id, t.title_folded, t.status, g.s * 0.9 as s from (
        select genre_folded, s from (
          select genre_folded, word_similarity(${fq}, genre_folded) as s from genre_counts where genre_folded %> ${fq} offset 0
        ) m where s >= 0.4
      ) g cross join lateral (
        select id, title_folded, status from tracks where genre_folded = g.genre_folded and status = 'ready' order by title_folded collate "C", id limit ${k}
      ) t
    ), by_artist as materialized (
      select id, word_similarity(${fq}, name_folded) as s from artists where ${fq} <% name_folded or name_folded like ${like}
    ), by_album as materialized (
      select id, word_similarity(${fq}, title_folded) as s from albums where ${fq} <% title_folded or title_folded like ${like}
    )
    (select id from by_title where status = 'ready' order by s desc, title_folded collate "C", id limit ${k})
    union (select id from by_genre where status = 'ready' order by s desc, title_folded collate "C", id limit ${k})
    union (select t.id from (select * from by_artist order by s desc) m cross join lateral (select id, title_folded, status from tracks where artist_id = m.id offset 0) t where t.status = 'ready' order by m.s desc, t.title_folded collate "C", t.id limit ${k})
    union (select t.id from (select * from by_album order by s desc) m cross join lateral (select id, title_folded, status from tracks where album_id = m.id offset 0) t where t.status = 'ready' order by m.s desc, t.title_folded collate "C", t.id limit ${k})
  )`;
  // Best first: a title that is the query, then one that starts with it, then similarity of
  // the title, the artist, the album or (a little weaker) the genre.
  const score = sql<number>`greatest(
    word_similarity(${fq}, ${tracks.titleFolded}) + case when ${tracks.titleFolded} = ${fq} then 1 when ${tracks.titleFolded} like ${prefix} then 0.5 else 0 end,
    word_similarity(${fq}, coalesce(${artists.nameFolded}, '')) + case when ${artists.nameFolded} = ${fq} then 0.5 else 0 end,
    word_similarity(${fq}, coalesce(${albums.titleFolded}, '')),
    0.9 * word_similarity(${fq}, coalesce(${tracks.genreFolded}, '')))`;
  return db.transaction(async (tx) => {
    // `<%` is word_similarity >= this threshold (0.6 by default) and lets the trigram indexes
    // find the matches; without statistics (PGlite runs no autovacuum) the planner would scan.
    // No JIT: a broad query can be costed past PostgreSQL's jit_above_cost, and compiling
    // took 30-80 ms of a 60-150 ms search at 100,000 tracks ("the neon", before the
    // incremental sort above) for no gain on a query this short. PGlite has no JIT: a no-op.
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.4', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    return base(tx as unknown as Db)
      .where(and(ready, sql`${tracks.id} in ${candidates}`, or(sql`${score} > 0.4`, sql`${tracks.titleFolded} like ${like}`, sql`${artists.nameFolded} like ${like}`, sql`${albums.titleFolded} like ${like}`)))
      .orderBy(desc(score), sql`${tracks.titleFolded} collate "C"`, asc(tracks.id))
      .limit(page.limit)
      .offset(page.offset);
  });
}
