// npm run seed:catalog -- [--tracks 100000] [--data-dir DIR | --database-url postgres://...]
// Fills a database with a made-up catalog for benchmarks and demos: N ready tracks (default
// 100,000) on albums of 12 by artists of 4 albums, titles of common and rare words, no audio,
// then takes the planner's statistics (ANALYZE), as the upkeep job or autovacuum would soon.
// Writes where MIST would: --database-url (else DATABASE_URL), else the embedded database in
// --data-dir (else MIST_DATA_DIR, else ./data). Run it while MIST is stopped (the embedded
// database allows one process), or with PostgreSQL.
import { parseArgs } from 'node:util';
import { count, sql } from 'drizzle-orm';
import { getDbHandle } from '@/db';
import { albums, artists, tracks } from '@/db/schema';
import { wordPicker } from './lib/catalog-words';
import { seededRandom } from './lib/seeded-random';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } } });
const N = Number(values.tracks);
if (!Number.isInteger(N) || N < 1) {
  console.error('Usage: npm run seed:catalog -- [--tracks N] [--data-dir DIR | --database-url postgres://...]');
  process.exit(2);
}
// Read by lib/env.ts like any other setting, before the database opens.
if (values['data-dir']) process.env.MIST_DATA_DIR = values['data-dir'];
if (values['database-url']) process.env.DATABASE_URL = values['database-url'];

// A seeded generator: every run makes the same catalog (words: scripts/lib/catalog-words.ts).
const random = seededRandom(20260501);
const pick = wordPicker(random);
const title = (words: number) => Array.from({ length: words }, pick).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');

const handle = await getDbHandle();
const { db } = handle;
const [existing] = await db.select({ n: count() }).from(tracks);
if (existing!.n > 0) {
  console.error(`This database already has ${existing!.n} tracks; seed an empty one.`);
  await handle.close();
  process.exit(1);
}

const started = performance.now();
const albumCount = Math.ceil(N / 12);
const artistCount = Math.ceil(albumCount / 4);
const BATCH = 2000;
const insertAll = async <T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
};

const names = new Set<string>();
while (names.size < artistCount) names.add(`${random() < 0.3 ? 'The ' : ''}${title(1 + Math.ceil(random() * 2))}${names.size > 20_000 ? ` ${names.size}` : ''}`);
const artistRows = [...names].map((name) => ({ id: crypto.randomUUID(), name, nameKey: name.toLowerCase() }));
await insertAll(artistRows, (b) => db.insert(artists).values(b));

const albumKeys = new Set<string>();
const albumRows = Array.from({ length: albumCount }, (_, i) => {
  let name: string;
  do name = title(1 + Math.floor(random() * 3));
  while (albumKeys.has(`${i % artistCount} ${name.toLowerCase()}`));
  albumKeys.add(`${i % artistCount} ${name.toLowerCase()}`);
  return { id: crypto.randomUUID(), title: name, titleKey: name.toLowerCase(), artistId: artistRows[i % artistCount]!.id, year: 1960 + Math.floor(random() * 66) };
});
await insertAll(albumRows, (b) => db.insert(albums).values(b));

const now = Date.now();
const trackRows = Array.from({ length: N }, (_, i) => {
  const album = albumRows[Math.floor(i / 12)]!;
  const readyAt = new Date(now - Math.floor(random() * 365 * 86_400_000));
  return {
    status: 'ready' as const,
    progress: 100,
    title: title(1 + Math.floor(random() * 3)),
    artistId: album.artistId,
    albumId: album.id,
    trackNo: (i % 12) + 1,
    discNo: 1,
    year: album.year,
    originalFilename: `seed-${i}.flac`,
    originalKey: `originals/seed-${i}/source`,
    declaredContentType: 'audio/flac',
    durationMs: 120_000 + Math.floor(random() * 240_000),
    readyAt,
    createdAt: readyAt,
    updatedAt: readyAt,
  };
});
await insertAll(trackRows, (b) => db.insert(tracks).values(b));
await db.execute(sql`analyze artists, albums, tracks`);

console.log(`Seeded ${N} ready tracks, ${albumCount} albums, ${artistCount} artists (no audio) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${handle.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}.`);
await handle.close();
