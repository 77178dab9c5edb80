import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import type { CatalogTrack } from './catalog';

/**
 * What `mist_fold` (db/migrations/0012_search_folded.sql) makes of a plain ASCII name: lower
 * case, a backtick as an apostrophe; it changes no other ASCII character. Null for anything
 * else, which the database folds itself.
 */
export function foldAscii(value: string | null): string | null {
  // eslint-disable-next-line no-control-regex
  return value !== null && /^[\x00-\x7f]*$/.test(value) ? value.replace(/`/g, "'").toLowerCase() : null;
}

/**
 * One imported line as the database looks it up, as written: its title (without "feat."),
 * the title's core (without any bracketed or dashed suffix) and its first artist.
 */
export type ImportLookup = { title: string; core: string; artist: string | null };

/**
 * Candidate ready tracks for many imported lines in one statement, each with the index of
 * its lookup (`line`). A line whose folded title and artist both equal a track's finds those tracks
 * (through the folded-title btree index) and nothing else; any other line finds the tracks of
 * the artists named most like its artist, closest titles first, and, when none of those is
 * titled like it, the tracks titled most like it (trigram similarity through the GIN indexes:
 * typos, accents, case forgiven).
 */
export async function findImportCandidates(db: Db, lookups: ImportLookup[]): Promise<{ line: number; track: CatalogTrack }[]> {
  if (lookups.length === 0) return [];
  // One parameter for the whole batch (as db/queries/heartbeats.ts does), in order, with the
  // folded forms of plain ASCII names worked out here: mist_fold costs ~0.1 ms a call on PGlite.
  const batch = JSON.stringify(lookups.map((l) => [l.title, l.core, l.artist, foldAscii(l.title), foldAscii(l.core), foldAscii(l.artist)]));
  return db.transaction(async (tx) => {
    // `<%` finds names whose word similarity reaches this; no sequential scans: PGlite keeps
    // no statistics, and the planner would read every track once per line (db/queries/search.ts).
    // `%` (artists) and `<%` (titles) find names through the trigram indexes at these
    // thresholds; no sequential scans: PGlite keeps no statistics, and the planner would read
    // every track once per line (db/queries/search.ts).
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', '0.4', true), set_config('pg_trgm.word_similarity_threshold', '0.6', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    const rows = await tx.execute(sql`
      with q as materialized (
        select (i.n - 1)::int as n, coalesce(i.v->>3, mist_fold(i.v->>0)) as ft, coalesce(i.v->>4, mist_fold(i.v->>1)) as fc, coalesce(i.v->>5, mist_fold(i.v->>2)) as fa
        from jsonb_array_elements(${batch}::jsonb) with ordinality as i(v, n)
      ), exact as materialized (
        select q.n, t.id from q
        cross join lateral (
          select t.id from tracks t
          where t.title_folded collate "C" = q.ft and t.status = 'ready'
            and exists (select 1 from artists a where a.id = t.artist_id and a.name_folded collate "C" = q.fa)
          limit 6
        ) t
      ), rest as materialized (
        select * from q where not exists (select 1 from exact e where e.n = q.n)
      ), by_artist as materialized (
        select r.n, t.id, t.s from rest r
        cross join lateral (
          -- The artist as named (btree), else the three named most like it (trigram index).
          (select a.id from artists a where a.name_folded collate "C" = r.fa limit 1)
          union all
          (select a.id from artists a
           where r.fa % a.name_folded and not exists (select 1 from artists x where x.name_folded collate "C" = r.fa)
           order by similarity(r.fa, a.name_folded) desc, length(a.name_folded) limit 3)
        ) a
        cross join lateral (
          select t.id, similarity(t.title_folded, r.fc) as s from tracks t where t.artist_id = a.id and t.status = 'ready'
          order by s desc, t.id limit 4
        ) t
        where r.fa is not null
      ), found as (
        select n, id from exact
        union
        select n, id from by_artist
        union
        -- By title alone, where the artist named nothing titled like it: by the trigram index
        -- when the line names no artist (a bare file name), else the same title by another
        -- artist (a cover, a wrong tag) through the btree index, which costs far less.
        select r.n, t.id from rest r
        cross join lateral (
          select t.id from tracks t where r.fa is null and r.fc <% t.title_folded and t.status = 'ready'
          order by word_similarity(r.fc, t.title_folded) desc, length(t.title_folded), t.id limit 6
        ) t
        where r.fa is null
        union
        select r.n, t.id from rest r
        cross join lateral (
          select t.id from tracks t where t.title_folded collate "C" = r.fc and t.status = 'ready' order by t.id limit 6
        ) t
        where r.fa is not null and not exists (select 1 from by_artist b where b.n = r.n and b.s >= 0.3)
      )
      select f.n, t.id, t.title, t.artist_id as "artistId", ar.name as artist, t.album_id as "albumId", al.title as album, t.duration_ms as "durationMs",
             t.cover_key as "coverKey", t.track_no as "trackNo", t.disc_no as "discNo", t.gain_db as "gainDb", t.true_peak_db as "truePeakDb"
      from found f join tracks t on t.id = f.id left join artists ar on ar.id = t.artist_id left join albums al on al.id = t.album_id`);
    return rowsOf<CatalogTrack & { n: number }>(rows).map(({ n, ...track }) => ({ line: Number(n), track }));
  });
}
