// npm run bench:library -- [--tracks 100000] [--requests 50] [--database-url=postgres://...]
// Library pages and search as you type with a big catalog: seeds N ready tracks
// (scripts/seed-catalog.ts: albums of 12, artists of 4 albums) into a fresh database, gives
// the tracks genres and two listeners 400 playlists, then times the queries behind the pages
// (db/queries/library.ts, lib/search), in this process, sequentially after 5 warm-ups:
//   /library/albums, each sort: the first page, and page 100 (from its keyset cursor);
//   /library/artists, by name and by most tracks: the first page and page 20;
//   /library/genres and a genre's first page;
//   search per keystroke: words typed letter by letter, each prefix through searchCatalog.
// Targets: library pages p50 <= 50 ms, search per keystroke p50 <= 30 ms. PGlite in a
// temporary directory by default; with --database-url, a database made for the run on that
// PostgreSQL and dropped after it. Query time only: no HTTP, no rendering (bench:catalog
// times whole pages over HTTP).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres } from '@/db/client';
import { ALBUM_SORTS, LIBRARY_PAGE_SIZE, listGenres, listGenreTracks, listLibraryAlbums, listLibraryArtists } from '@/db/queries/library';
import { searchAlbums, searchArtists, searchPlaylists, searchTrackHits } from '@/db/queries/search';
import { insertUser } from '@/db/queries/users';
import { playlists } from '@/db/schema';
import { searchCatalog } from '@/lib/search/catalog-search';
import { AS_YOU_TYPE_LIMIT } from '@/lib/search/limits';
import { root } from '../lib/build.mjs';
import { tailWord } from '../lib/catalog-words';
import { seededRandom } from '../lib/seeded-random';
import { benchDatabase } from './lib/bench-database';
import { ms, summary } from './lib/stats';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, requests: { type: 'string', default: '50' }, 'database-url': { type: 'string' } } });
const REQUESTS = Number(values.requests);
const GENRES = ['Rock', 'Jazz', 'Électronique', 'Hip-Hop', 'Folk', 'Ambient', 'Soul', 'Metal', 'Classical', 'Reggae', 'Pop', 'Blues'];
// Typed letter by letter: common words, two words, a rare word, a typo, a playlist name.
const rare = tailWord(1000);
const TYPED = ['harbor', 'velvet harbor', rare, 'midnigth', 'road trip', 'the neon'];

async function time(label: string, target: number, run: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const s = summary(times);
  console.log(`  ${label.padEnd(44)} p50 ${ms(s.p50).padStart(6)}, p99 ${ms(s.p99).padStart(6)}  (target p50 <= ${target} ms: ${s.p50 <= target ? 'met' : 'NOT met'})`);
}

const url = values['database-url'];
const where = await benchDatabase(url);
const dir = url ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-library-'));
try {
  const t0 = performance.now();
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const target = where.url ? ['--database-url', where.url] : ['--data-dir', dir!];
  const seeded = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', 'seed-catalog.ts'), '--tracks', values.tracks!, ...target], { cwd: root, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seeding failed (see above)');
  const handle = where.url ? await openPostgres(where.url, { max: 2 }) : await openPglite(path.join(dir!, 'db'));
  const { db } = handle;
  try {
    await handle.migrate();
    // Genres on every track (folded: "Électronique" is searched as "electronique"), and playlists.
    await db.execute(sql`update tracks set genre = (${sql.raw(`array[${GENRES.map((g) => `'${g}'`).join(',')}]`)})[1 + abs(hashtext(id::text)) % ${GENRES.length}]`);
    const random = seededRandom(7);
    const owners: string[] = [];
    for (const who of ['ada', 'bo']) owners.push((await insertUser(db, { email: `${who}@example.org`, displayName: who, passwordHash: 'x', role: 'user' })).id);
    const words = ['road trip', 'sunday', 'workout', 'focus', 'chill', 'night drive', 'rainy day', 'party', 'dinner', 'sleep'];
    await db.insert(playlists).values(Array.from({ length: 400 }, (_, i) => ({ ownerId: owners[i % 2]!, name: `${words[i % words.length]} ${Math.floor(random() * 1000)}`, isPublic: random() < 0.5 })));
    await db.execute(sql`analyze tracks, playlists`);
    console.log(`(seeding took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);

    console.log(`\nlibrary pages on ${where.label}, ${values.tracks} ready tracks, ${LIBRARY_PAGE_SIZE} per page, ${REQUESTS} sequential runs each, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
    /** The cursor of page `n` (1-based; the last page if there are fewer), walked from the first. */
    const cursorOf = async (n: number, next: (cursor: string | null) => Promise<{ next: string | null }>) => {
      let cursor: string | null = null;
      for (let i = 1; i < n; i++) cursor = (await next(cursor)).next ?? cursor;
      return cursor;
    };
    for (const sort of ALBUM_SORTS) {
      const albums = (cursor: string | null) => listLibraryAlbums(db, { sort, cursor, limit: LIBRARY_PAGE_SIZE });
      await time(`/library/albums?sort=${sort}, page 1`, 50, () => albums(null));
      const deep = await cursorOf(100, albums);
      await time(`/library/albums?sort=${sort}, page 100`, 50, () => albums(deep));
    }
    for (const sort of ['name', 'tracks'] as const) {
      const artists = (cursor: string | null) => listLibraryArtists(db, { sort, cursor, limit: LIBRARY_PAGE_SIZE });
      await time(`/library/artists?sort=${sort}, page 1`, 50, () => artists(null));
      const deep = await cursorOf(20, artists);
      await time(`/library/artists?sort=${sort}, page 20`, 50, () => artists(deep));
    }
    await time('/library/genres', 50, () => listGenres(db));
    await time('/library/genres/rock, page 1', 50, () => listGenreTracks(db, 'rock', { limit: LIBRARY_PAGE_SIZE }));

    const prefixes = TYPED.flatMap((word) => [...word].map((_, i) => word.slice(0, i + 1)).filter((p) => p.trim() === p));
    const keystrokes: number[] = [];
    for (const p of prefixes.slice(0, 5)) await searchCatalog(db, p, AS_YOU_TYPE_LIMIT, owners[0]!);
    const slowest = new Map<string, number>();
    for (let round = 0; round < Math.max(1, Math.round(REQUESTS / 10)); round++) {
      for (const p of prefixes) {
        const t = performance.now();
        await searchCatalog(db, p, AS_YOU_TYPE_LIMIT, owners[0]!);
        const took = performance.now() - t;
        keystrokes.push(took);
        slowest.set(p, Math.max(slowest.get(p) ?? 0, took));
      }
    }
    const s = summary(keystrokes);
    console.log(`  ${`search per keystroke (${prefixes.length} prefixes x ${keystrokes.length / prefixes.length})`.padEnd(44)} p50 ${ms(s.p50).padStart(6)}, p99 ${ms(s.p99).padStart(6)}  (target p50 <= 30 ms: ${s.p50 <= 30 ? 'met' : 'NOT met'})`);
    // Where a keystroke's time goes: each group's query alone, in its own transaction (searchCatalog runs
    // the four one after another in one transaction).
    const groups = { artists: searchArtists, albums: searchAlbums, tracks: searchTrackHits, playlists: (d: typeof db, q: string, n: number) => searchPlaylists(d, owners[0]!, q, n) };
    const parts = [];
    for (const [name, run] of Object.entries(groups)) {
      const times: number[] = [];
      for (const p of prefixes) {
        const t = performance.now();
        await run(db, p, AS_YOU_TYPE_LIMIT);
        times.push(performance.now() - t);
      }
      parts.push(`${name} ${ms(summary(times).p50)}`);
    }
    console.log(`  per group alone, p50: ${parts.join(', ')}`);
    const worst = [...slowest.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
    console.log(`  slowest prefixes: ${worst.map(([p, t]) => `"${p}" ${ms(t)}`).join(', ')}`);
    console.log(`  (load average at the end ${os.loadavg()[0]!.toFixed(1)}: the machine is shared, figures are disturbed when it is busy)`);
  } finally {
    await handle.close();
  }
} finally {
  await where.done();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
