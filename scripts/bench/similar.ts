// npm run bench:similar -- [--tracks 100000] [--queries 300] [--database-url=postgres://...]
// Similar tracks with a big catalog: seeds N ready tracks (plus 5% still processing) whose
// embeddings fall in 500 clusters of different tightness, builds the HNSW index, then times
// findSimilarTracks (limit 10) from random seeds: p50/p99 per hnsw.ef_search, with recall@10
// against exact search (the same query with index scans off: a sequential scan), same seeds.
// Target: p50 <= 5 ms with recall@10 >= 0.95. PGlite in a temporary directory by default;
// with --database-url, a database made for the run on that PostgreSQL and dropped after it.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { albums, artists, trackFeatures, tracks } from '@/db/schema';
import { EMBEDDING_DIMENSIONS, EXTRACTOR_VERSION } from '@/lib/media/features';
import { findSimilarTracks } from '@/lib/recommend/similar';
import { seededRandom } from '../lib/seeded-random';
import { withBenchDatabase } from './lib/bench-database';
import { summary } from './lib/stats';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, queries: { type: 'string', default: '300' }, 'database-url': { type: 'string' }, ef: { type: 'string', default: '40,100,200' } } });
const N = Number(values.tracks);
const QUERIES = Number(values.queries);
const EF = values.ef!.split(',').map(Number);

const random = seededRandom(20261205);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const unit = (v: number[]) => {
  const length = Math.hypot(...v);
  return v.map((x) => x / length);
};

async function seed(h: DbHandle) {
  const { db } = h;
  const started = performance.now();
  const artistRows = Array.from({ length: Math.ceil(N / 40) }, (_, i) => ({ id: crypto.randomUUID(), name: `Artist ${i}`, nameKey: `artist ${i}` }));
  const albumRows = artistRows.map((a, i) => ({ id: crypto.randomUUID(), title: `Album ${i}`, titleKey: `album ${i}`, artistId: a.id }));
  const centroids = Array.from({ length: 500 }, () => ({ at: Array.from({ length: EMBEDDING_DIMENSIONS }, gaussian), spread: 0.1 + random() * 0.5 }));
  const batch = <T>(rows: T[], size = 2000) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const b of batch(artistRows)) await db.insert(artists).values(b);
  for (const b of batch(albumRows)) await db.insert(albums).values(b);
  // Bulk insert first, index after: building HNSW once is far faster than growing it.
  await db.execute(sql`drop index track_features_embedding_hnsw`);
  const total = Math.round(N * 1.05);
  for (let start = 0; start < total; start += 2000) {
    const rows = Array.from({ length: Math.min(2000, total - start) }, (_, j) => {
      const i = start + j;
      // An artist's tracks mostly share a cluster, as an artist's sound does.
      const artist = Math.floor(random() * artistRows.length);
      const c = centroids[random() < 0.7 ? artist % centroids.length : Math.floor(random() * centroids.length)]!;
      return { id: crypto.randomUUID(), embedding: unit(c.at.map((x) => x + gaussian() * c.spread * 1.5)), artist: artistRows[artist]!, album: albumRows[artist]!, ready: i < N, i };
    });
    await db.insert(tracks).values(
      rows.map((r) => ({ id: r.id, status: r.ready ? ('ready' as const) : ('processing' as const), progress: r.ready ? 100 : 50, title: `Track ${r.i}`, artistId: r.artist.id, albumId: r.album.id, originalFilename: `seed-${r.i}.flac`, originalKey: `originals/seed-${r.i}/source`, declaredContentType: 'audio/flac', durationMs: 200_000 })),
    );
    await db.insert(trackFeatures).values(rows.map((r) => ({ trackId: r.id, extractorVersion: EXTRACTOR_VERSION, embedding: r.embedding, raw: {} })));
  }
  const inserted = performance.now();
  await db.execute(sql`set maintenance_work_mem = '256MB'`);
  await db.execute(sql`create index track_features_embedding_hnsw on track_features using hnsw (embedding vector_cosine_ops)`);
  await db.execute(sql`analyze artists, albums, tracks, track_features`);
  console.log(`seeded ${N} ready + ${total - N} processing tracks in ${((inserted - started) / 1000).toFixed(1)} s, HNSW index built in ${((performance.now() - inserted) / 1000).toFixed(1)} s`);
}

async function run(seeded: DbHandle, label: string, reopen: () => Promise<DbHandle>) {
  await seed(seeded);
  const h = await reopen();
  const buffers = (await h.db.execute<{ shared_buffers: string }>(sql`show shared_buffers`)) as unknown;
  console.log(`${label}: shared_buffers ${(Array.isArray(buffers) ? buffers : (buffers as { rows: unknown[] }).rows)[0]!.shared_buffers}`);
  const ids = (await h.db.execute<{ id: string }>(sql`select id from tracks where status = 'ready' order by random() limit ${QUERIES}`)) as unknown;
  const seeds = (Array.isArray(ids) ? ids : (ids as { rows: { id: string }[] }).rows).map((r) => (r as { id: string }).id);
  const exact = new Map<string, string[]>();
  const exactTimes: number[] = [];
  for (const id of seeds) {
    const t0 = performance.now();
    exact.set(id, (await findSimilarTracks(h.db, id, { limit: 10, exact: true }))!.map((t) => t.id));
    exactTimes.push(performance.now() - t0);
  }
  const e = summary(exactTimes);
  console.log(`${label}: exact search (sequential scan): p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms`);
  for (const ef of EF) {
    for (const id of seeds.slice(0, 20)) await findSimilarTracks(h.db, id, { limit: 10, efSearch: ef }); // warm-up
    const times: number[] = [];
    let found = 0;
    let wanted = 0;
    for (const id of seeds) {
      const t0 = performance.now();
      const got = (await findSimilarTracks(h.db, id, { limit: 10, efSearch: ef }))!;
      times.push(performance.now() - t0);
      const truth = new Set(exact.get(id));
      wanted += truth.size;
      found += got.filter((t) => truth.has(t.id)).length;
    }
    const s = summary(times);
    console.log(`${label}: ef_search ${String(ef).padStart(3)}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, recall@10 ${(found / wanted).toFixed(3)} (${seeds.length} seeds)`);
  }
}

await withBenchDatabase(values['database-url'], 'similar', run);
