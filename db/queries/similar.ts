import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Db, runsOneTransactionAtATime } from '../client';
import { albums, artists, trackFeatures, tracks } from '../schema';
import { trackSummaryColumns, type TrackSummary } from './tracks';

/** A ready track's embedding and what makes another track an exact duplicate of it. */
export type SimilarSeed = { trackId: string; embedding: number[]; extractorVersion: number; artistId: string | null; titleKey: string };

/** Title as duplicates compare it: case, surrounding and repeated spaces do not count. */
const titleKey = (title: typeof tracks.title | ReturnType<typeof sql>) => sql<string>`lower(regexp_replace(btrim(${title}), '\\s+', ' ', 'g'))`;

/** The seed for a similarity search: a ready track with features, else undefined. */
export async function getSimilarSeed(db: Db, trackId: string): Promise<SimilarSeed | undefined> {
  const [row] = await db
    .select({ trackId: tracks.id, embedding: trackFeatures.embedding, extractorVersion: trackFeatures.extractorVersion, artistId: tracks.artistId, titleKey: titleKey(tracks.title) })
    .from(tracks)
    .innerJoin(trackFeatures, eq(trackFeatures.trackId, tracks.id))
    .where(and(eq(tracks.id, trackId), eq(tracks.status, 'ready')));
  return row;
}

/** Whether a ready track exists (with or without features). */
export async function isReadyTrack(db: Db, trackId: string): Promise<boolean> {
  const [row] = await db.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.id, trackId), eq(tracks.status, 'ready')));
  return row !== undefined;
}

/** A neighbour as the search finds it: what diversifying needs, nothing to show yet. */
export type SimilarCandidate = { trackId: string; artistId: string | null; distance: number };

/** HNSW search breadth: recall@10 ≥ 0.95 at 100,000 tracks (npm run bench:similar). */
export const SIMILAR_EF_SEARCH = 100;

/**
 * The `k` ready tracks nearest to the seed by cosine distance, nearest first, through the HNSW
 * index (`ORDER BY embedding <=> seed LIMIT k`): never the seed itself, never a track with the
 * seed's title and artist, never one closer than `duplicateDistance` (the same recording),
 * only embeddings of the seed's extractor version. pgvector's iterative scan keeps reading the
 * index while filtered rows (not ready, duplicates) leave fewer than `k`; relaxed order means
 * rows may come slightly out of order, so they are sorted by distance here. Only ids come
 * back: a two-table query plans in a fraction of the time the full summary's joins take.
 */
export async function listNearestTracks(db: Db, seed: SimilarSeed, options: { k: number; duplicateDistance: number; efSearch?: number; exact?: boolean }): Promise<SimilarCandidate[]> {
  const vector = sql`${JSON.stringify(seed.embedding)}::vector`;
  const distance = sql<number>`${trackFeatures.embedding} <=> ${vector}`;
  const ef = String(Math.max(1, Math.floor(options.efSearch ?? SIMILAR_EF_SEARCH)));
  const search = async (tx: Db) => {
    const rows = await tx
      .select({ trackId: tracks.id, artistId: tracks.artistId, distance })
      .from(trackFeatures)
      .innerJoin(tracks, eq(tracks.id, trackFeatures.trackId))
      .where(
        and(
          eq(tracks.status, 'ready'),
          ne(tracks.id, seed.trackId),
          eq(trackFeatures.extractorVersion, seed.extractorVersion),
          sql`not (${titleKey(tracks.title)} = ${seed.titleKey} and ${tracks.artistId} is not distinct from ${seed.artistId})`,
        ),
      )
      .orderBy(distance)
      .limit(options.k);
    return rows
      .map((r) => ({ ...r, distance: Number(r.distance) }))
      .filter((r) => r.distance >= options.duplicateDistance)
      .sort((a, b) => a.distance - b.distance);
  };
  const hnsw = (local: boolean) => sql`select set_config('hnsw.ef_search', ${ef}, ${local}), set_config('hnsw.iterative_scan', 'relaxed_order', ${local})`;
  // PGlite is one session that runs one statement at a time, and nothing else there reads these
  // settings: set for the session, they cost no BEGIN and COMMIT (two of four statements).
  if (runsOneTransactionAtATime(db) && !options.exact) {
    await db.execute(hnsw(false));
    return search(db);
  }
  // PostgreSQL's pool shares sessions: the settings stay local to this transaction.
  return db.transaction(async (tx) => {
    await tx.execute(options.exact ? sql`select set_config('enable_indexscan', 'off', true)` : hnsw(true));
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
