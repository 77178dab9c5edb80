// npm run bench:neighbours -- [--database-url=postgres://…] [--plays=1000000] [--new=10000]
// Co-listening neighbours with 100,000 tracks, 10,000 listeners and `plays` counted plays
// (plus one skip in ten) in sessions of ten over 60 days: listeners in 200 taste groups of
// 500 tracks, popularity skewed. Times the full build of that history (for reference), then
// the incremental run after `new` more plays. Target: the incremental run ≤ 10 s. Then, on
// the same data with artists, embeddings and a few likes added, "For you" for 200 listeners
// (also `npm run bench:for-you`). Target: p50 ≤ 50 ms. PGlite in a temporary data directory,
// or a fresh database on the given PostgreSQL (dropped after).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { EMBEDDING_DIMENSIONS, EXTRACTOR_VERSION } from '@/lib/media/features';
import { recommendForYou } from '@/lib/recommend/for-you';
import { buildNeighbours, rebuildAllNeighbours } from '@/lib/recommend/neighbours';
import { benchDatabase } from './lib/bench-database';
import { ms, summary } from './lib/stats';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const PLAYS = Number(arg('plays') ?? 1_000_000);
const NEW = Number(arg('new') ?? 10_000);
const TRACKS = 100_000;
const LISTENERS = 10_000;
const GROUPS = 200;

if (process.env.NB_DEBUG) {
  // Each statement's time, to see where a run goes.
  const { PgDatabase } = await import('drizzle-orm/pg-core');
  const execute = PgDatabase.prototype.execute;
  PgDatabase.prototype.execute = async function (this: unknown, q: unknown) {
    const t = performance.now();
    const r = await execute.call(this as never, q as never);
    const ms = performance.now() - t;
    if (ms > (Number(process.env.NB_DEBUG) || 100)) console.log(`  ${ms.toFixed(0)} ms: ${JSON.stringify((q as { queryChunks?: unknown[] }).queryChunks?.[0]).slice(0, 90)}`);
    return r;
  } as typeof execute;
}
const where = await benchDatabase(arg('database-url'));
// --data-dir=DIR (PGlite): keep the seeded database there; a second run finds it and only
// times "For you" again (seeding and the full build take minutes).
const kept = arg('data-dir');
const dir = kept ?? (await mkdtemp(path.join(os.tmpdir(), 'mist-bench-neighbours-')));
const reuse = !where.url && kept !== undefined && existsSync(path.join(kept, 'seeded'));
const h = where.url ? await openPostgres(where.url, { max: 4 }) : await openPglite(path.join(dir, 'db'));
await h.migrate();
const db = h.db;
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
const count = async (table: string) => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int n from ${sql.raw(table)}`))[0]!.n;

/**
 * `n` sessions numbered from `first`: ten per listening session, four minutes apart; one in
 * eleven a skip. Seven in ten from the listener's taste group, the rest from the whole catalog
 * with a popularity skew. `since`: when the first listening session of each listener started.
 */
async function insertPlays(first: number, n: number, base: number, perListener: number, since: Date, spreadDays: number) {
  await db.execute(sql`
    insert into listening_sessions (user_id, track_id, started_at, key_fetched_at, last_beat_at, last_seq, heard_ms, position_ms, counted_at, ended_at)
    select u.id, tr.id, s, s, s + interval '3 minutes', 1, case when skip then 8000 else 200000 end, 0,
      case when skip then null else s + interval '30 seconds' end, s + interval '3 minutes'
    from (
      select l, i % 11 = 5 as skip,
        case when random() < 0.7 then (l % ${GROUPS}::int) * ${TRACKS / GROUPS}::int + floor(power(random(), 2) * ${TRACKS / GROUPS}::int)::int
             else floor(power(random(), 3) * ${TRACKS}::int)::int end as t,
        ${since.toISOString()}::timestamptz + (k / 10) * (${spreadDays}::float8 / ${Math.max(1, perListener / 10)}) * interval '1 day'
          + (l % 97) * interval '1 minute' + (k % 10) * interval '4 minutes' as s
      from (select i, ((i - ${base}::int) / ${perListener}::int) % ${LISTENERS}::int as l, (i - ${base}::int) % ${perListener}::int as k from generate_series(${first}::int, ${first + n - 1}::int) i) g
    ) x
    join bench_users u on u.n = x.l join bench_tracks tr on tr.n = x.t`);
}

let t = performance.now();
if (reuse) console.log(`${where.label}: the database seeded in ${kept}`);
else {
  t = performance.now();
  await db.execute(sql`insert into users (email, display_name, password_hash) select 'u' || lpad(i::text, 5, '0') || '@example.org', 'u' || i, 'x' from generate_series(0, ${LISTENERS - 1}) i`);
  await db.execute(sql`insert into listening_clocks (user_id) select id from users`);
  await db.execute(sql`insert into tracks (title, status, duration_ms, original_filename, original_key, declared_content_type)
    select 'T' || lpad(i::text, 6, '0'), 'ready', 200000, i || '.flac', 'originals/' || i, 'audio/flac' from generate_series(0, ${TRACKS - 1}) i`);
  // Numbered, for the generator: a join per row (indexing an array of 100,000 ids copies it each time).
  await db.execute(sql`create table bench_users as select (row_number() over (order by email))::int - 1 as n, id from users`);
  await db.execute(sql`create table bench_tracks as select (row_number() over (order by title))::int - 1 as n, id from tracks`);
  await db.execute(sql`alter table bench_users add primary key (n)`);
  await db.execute(sql`alter table bench_tracks add primary key (n)`);
  const history = Math.round(PLAYS * 1.1);
  const perListener = Math.ceil(history / LISTENERS);
  for (let i = 0; i < history; i += 220_000) await insertPlays(i, Math.min(220_000, history - i), 0, perListener, new Date(Date.now() - 61 * 86_400_000), 58);
  await db.execute(sql`analyze`);
  const plays = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int n from listening_sessions where counted_at is not null`))[0]!.n;
  console.log(`${where.label}: seeded ${TRACKS.toLocaleString()} tracks, ${LISTENERS.toLocaleString()} listeners, ${plays.toLocaleString()} plays (+ skips) in ${seconds(t)}`);

  t = performance.now();
  const full = await rebuildAllNeighbours(db, { now: new Date(Date.now() - 60 * 60_000), maxPlays: Number.MAX_SAFE_INTEGER });
  console.log(`full build of the history: ${seconds(t)} (${full.playsRead.toLocaleString()} plays read, ${full.pairsUpdated.toLocaleString()} pairs, ${full.tracksUpdated.toLocaleString()} tracks ranked)`);
  console.log(`  stored: ${(await count('track_pair_counts')).toLocaleString()} pair counts, ${(await count('track_neighbours')).toLocaleString()} neighbours`);
  await db.execute(sql`analyze`);

  // New plays in the last hour: 1,000 listeners, a session of ten each (one skip among eleven).
  await insertPlays(history, Math.round(NEW * 1.1), history, 11, new Date(Date.now() - 150 * 60_000), 0);
  t = performance.now();
  const run = await buildNeighbours(db, { now: new Date(Date.now() + 5 * 60_000) });
  const took = (performance.now() - t) / 1000;
  console.log(`incremental run after ${run.playsRead.toLocaleString()} new plays: ${took.toFixed(2)} s (${run.pairsUpdated.toLocaleString()} pairs updated, ${run.tracksUpdated.toLocaleString()} tracks re-ranked) — target ≤ 10 s: ${took <= 10 ? 'met' : 'NOT met'}`);
  t = performance.now();
  const idle = await buildNeighbours(db, { now: new Date(Date.now() + 5 * 60_000) });
  console.log(`run with no new plays: ${((performance.now() - t) / 1000).toFixed(3)} s (${idle.playsRead} plays read)`);

  // "For you" reads artists (2 per artist in any 10), embeddings (sound-alikes where
  // co-listening knows little) and likes (seeds): 2,500 artists of 40 tracks, an embedding per
  // track near its artist's sound, 3 likes each for 2,000 listeners.
  t = performance.now();
  await db.execute(sql`insert into artists (name, name_key) select 'A' || i, 'a' || i from generate_series(0, ${TRACKS / 40 - 1}) i`);
  await db.execute(sql`update tracks t set artist_id = a.id from bench_tracks b, artists a where b.id = t.id and a.name = 'A' || (b.n / 40)`);
  await db.execute(sql`drop index track_features_embedding_hnsw`);
  await db.execute(sql`
    with sound as (select a, array_agg(random() - 0.5) v from generate_series(0, ${TRACKS / 40 - 1}) a, generate_series(1, ${EMBEDDING_DIMENSIONS}) d group by a)
    insert into track_features (track_id, extractor_version, embedding, raw)
    select b.id, ${EXTRACTOR_VERSION}, (select array_agg(x + (random() - 0.5) * 0.3) from unnest(s.v) x)::vector, '{}'::jsonb
    from bench_tracks b join sound s on s.a = b.n / 40`);
  await db.execute(sql`create index track_features_embedding_hnsw on track_features using hnsw (embedding vector_cosine_ops)`);
  await db.execute(sql`insert into track_likes (user_id, track_id, liked_at)
    select u.id, tr.id, now() - (k || ' days')::interval from bench_users u cross join generate_series(1, 3) k
    join bench_tracks tr on tr.n = (u.n * 37 + k * 7919) % ${TRACKS}::int where u.n < 2000 on conflict do nothing`);
  await db.execute(sql`analyze`);
  console.log(`For you: artists, embeddings and likes added in ${seconds(t)}`);
  if (kept) await writeFile(path.join(kept, 'seeded'), '');
}
const listeners = rowsOf<{ id: string }>(await db.execute(sql`select id from bench_users order by n % 50, n limit 220`)).map((r) => r.id);
const times: number[] = [];
let returned = 0;
for (const [i, id] of listeners.entries()) {
  t = performance.now();
  const picks = await recommendForYou(db, id, 20);
  if (i >= 20) times.push(performance.now() - t), (returned += picks.length);
}
const fy = summary(times);
console.log(`For you, ${fy.n} listeners (after 20 to warm up), 20 tracks each (${(returned / fy.n).toFixed(1)} returned on average): p50 ${ms(fy.p50)} p90 ${ms(fy.p90)} p99 ${ms(fy.p99)} — target p50 ≤ 50 ms: ${fy.p50 <= 50 ? 'met' : 'NOT met'}`);

await h.close();
await where.done();
if (!kept) await rm(dir, { recursive: true, force: true });
