import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Db, HNSW_EF_SEARCH } from '../client';
import { albums, artists, trackFeatures, tracks } from '../schema';
import { trackSummaryColumns, type TrackSummary } from './tracks';

/** Title as duplicates compare it: case, surrounding and repeated spaces do not count. */
const titleKey = (title: typeof tracks.title | ReturnType<typeof sql>) => sql<string>`lower(regexp_replace(btrim(${title}), '\\s+', ' ', 'g'))`;

/** Whether a ready track exists (with or without features). */
export async function isReadyTrack(db: Db, trackId: string): Promise<boolean> {
  const [row] = await db.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.id, trackId), eq(tracks.status, 'ready')));
  return row !== undefined;
}

/** A neighbour as the search finds it: what diversifying needs, nothing to show yet. */
export type SimilarCandidate = { trackId: string; artistId: string | null; distance: number };

/**
 * The `k` ready tracks nearest to `seedId` by cosine distance, nearest first, through the HNSW
 * index (`ORDER BY embedding <=> (the seed's embedding) LIMIT k`): never the seed itself,
 * never a track with the seed's title and artist, never one closer than `duplicateDistance`
 * (the same recording), only embeddings of the seed's extractor version. Empty when the seed
 * is not a ready track with features. pgvector's iterative scan keeps reading the index while
 * filtered rows (not ready, duplicates) leave fewer than `k`; relaxed order means rows may
 * come slightly out of order, so they are sorted by distance here. Fewer than `k` rows means
 * there are no more. One statement: the seed is read inside it (a CTE), and the search
 * settings are the connection's own. Only ids come back: a
 * two-table query plans in a fraction of the time the full summary's joins take.
 * `efSearch` other than the default and `exact` (no index) are for npm run bench:similar.
 */
export async function listNearestTracks(db: Db, seedId: string, options: { k: number; duplicateDistance: number; efSearch?: number; exact?: boolean }): Promise<SimilarCandidate[]> {
  // The seed is read once, in a CTE the search's conditions refer to (four subqueries each
  // joining the seed's rows took ~1 ms more to plan and run on PGlite).
  const seedRow = db.$with('seed').as(
    db
      .select({ embedding: sql`sf.embedding`.as('embedding'), version: sql`sf.extractor_version`.as('version'), titleKey: titleKey(sql`s.title`).as('title_key'), artistId: sql`s.artist_id`.as('artist_id') })
      .from(sql`${tracks} s join ${trackFeatures} sf on sf.track_id = s.id`)
      .where(sql`s.id = ${seedId} and s.status = 'ready'`),
  );
  const seed = (column: string) => sql`(select ${sql.identifier(column)} from ${seedRow})`;
  const distance = sql<number>`${trackFeatures.embedding} <=> ${seed('embedding')}`;
  const search = async (tx: Db) => {
    const rows = await tx
      .with(seedRow)
      .select({ trackId: tracks.id, artistId: tracks.artistId, distance })
      .from(trackFeatures)
      .innerJoin(tracks, eq(tracks.id, trackFeatures.trackId))
      .where(
        and(
          eq(tracks.status, 'ready'),
          ne(tracks.id, seedId),
          sql`${trackFeatures.extractorVersion} = ${seed('version')}`,
          sql`not (${titleKey(tracks.title)} = ${seed('title_key')} and ${tracks.artistId} is not distinct from ${seed('artist_id')})`,
          sql`${distance} >= ${options.duplicateDistance}`,
        ),
      )
      .orderBy(distance)
      .limit(options.k);
    return rows.map((r) => ({ ...r, distance: Number(r.distance) })).sort((a, b) => a.distance - b.distance);
  };
  const ef = Math.max(1, Math.floor(options.efSearch ?? HNSW_EF_SEARCH));
  if (!options.exact && ef === HNSW_EF_SEARCH) return search(db);
  // Other settings for this search only: local to a transaction.
  return db.transaction(async (tx) => {
    await tx.execute(options.exact ? sql`select set_config('enable_indexscan', 'off', true)` : sql`select set_config('hnsw.ef_search', ${String(ef)}, true)`);
    return search(tx as unknown as Db);
  });
}

/** Ready tracks among `ids` as summaries, in no particular order. */
export async function listReadyTrackSummaries(db: Db, ids: string[]): Promise<TrackSummary[]> {
  if (ids.length === 0) return [];
  return db
    .select(trackSummaryColumns)
    .from(tracks)
    .leftJoin(artists, eq(artists.id, tracks.artistId))
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(and(eq(tracks.status, 'ready'), inArray(tracks.id, ids)));
}
