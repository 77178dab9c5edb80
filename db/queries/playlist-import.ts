import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../rows';
import type { CatalogTrack } from './catalog';

/**
 * One imported line as the database looks it up, as written: its title (without "feat."),
 * the title's core (without any bracketed or dashed suffix) and its first artist.
 */
export type ImportLookup = { title: string; core: string; artist: string | null };

/**
 * Candidate ready tracks for many imported lines in one statement, each with the index of
 * its lookup (`line`). A line whose folded title and artist both equal a track's finds those tracks
 * (through the folded-title btree index) and nothing else; any other line finds the tracks of
 * the artists named most like its artist, closest titles first, and the tracks titled most
 * like it (trigram word similarity through the GIN indexes: typos, accents, case forgiven).
 */
export async function findImportCandidates(db: Db, lookups: ImportLookup[]): Promise<{ line: number; track: CatalogTrack }[]> {
  if (lookups.length === 0) return [];
  // One parameter for the whole batch (as db/queries/heartbeats.ts does), in order.
  const batch = JSON.stringify(lookups.map((l) => [l.title, l.core, l.artist]));
  return db.transaction(async (tx) => {
    // `<%` finds names whose word similarity reaches this; no sequential scans: PGlite keeps
    // no statistics, and the planner would read every track once per line (db/queries/search.ts).
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    const rows = await tx.execute(sql`
      with q as materialized (
        select (i.n - 1)::int as n, mist_fold(i.v->>0) as ft, mist_fold(i.v->>1) as fc, mist_fold(i.v->>2) as fa
        from jsonb_array_elements(${batch}::jsonb) with ordinality as i(v, n)
      ), exact as materialized (
        select q.n, t.id from q
        cross join lateral (
          select t.id from tracks t join artists a on a.id = t.artist_id
          where t.title_folded collate "C" = q.ft and a.name_folded = q.fa and t.status = 'ready' limit 6
        ) t
      ), rest as materialized (
        select * from q where not exists (select 1 from exact e where e.n = q.n)
      )
      , found as (
      select n, id from exact
      union
      select r.n, t.id from rest r
      cross join lateral (
        select a.id from artists a where r.fa <% a.name_folded
        order by word_similarity(r.fa, a.name_folded) desc, length(a.name_folded) limit 3
      ) a
      cross join lateral (
        select t.id from tracks t where t.artist_id = a.id and t.status = 'ready'
        order by similarity(t.title_folded, r.fc) desc, t.id limit 4
      ) t
      where r.fa is not null
      union
      select r.n, t.id from rest r
      cross join lateral (
        select t.id from tracks t where r.fc <% t.title_folded and t.status = 'ready'
        order by word_similarity(r.fc, t.title_folded) desc, length(t.title_folded), t.id limit 6
      ) t)
      select f.n, t.id, t.title, t.artist_id as "artistId", ar.name as artist, t.album_id as "albumId", al.title as album, t.duration_ms as "durationMs",
             t.cover_key as "coverKey", t.track_no as "trackNo", t.disc_no as "discNo", t.gain_db as "gainDb", t.true_peak_db as "truePeakDb"
      from found f join tracks t on t.id = f.id left join artists ar on ar.id = t.artist_id left join albums al on al.id = t.album_id`);
    return rowsOf<CatalogTrack & { n: number }>(rows).map(({ n, ...track }) => ({ line: Number(n), track }));
  });
}
