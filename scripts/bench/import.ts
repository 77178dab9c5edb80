// npm run bench:import -- [--tracks 100000] [--lines 10000] [--database-url=postgres://...]
// Importing a playlist into a big catalog: seeds N ready tracks (scripts/seed-catalog.ts)
// into a fresh database, then matches a LINES-line CSV drawn from that catalog, as a listener's
// export would be: 70% written as the catalog has them, 10% in other case without accents,
// 8% with a typo, 7% with "feat." or " - Remastered", 5% not in the catalog. Prints lines per
// second (parsing and matching, what POST /api/playlists/import spends) and how many matched.
// PGlite in a temporary directory by default; with --database-url, a database made for the
// run on that PostgreSQL and dropped after it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { parsePlaylistFile } from '@/lib/library/import-parse';
import { matchImportEntries } from '@/lib/library/playlist-import';
import { root } from '../lib/build.mjs';
import { seededRandom } from '../lib/seeded-random';
import { benchDatabase } from './lib/bench-database';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, lines: { type: 'string', default: '10000' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } } });
const LINES = Number(values.lines);
const random = seededRandom(20261206);

const target = await benchDatabase(values['database-url']);
// --data-dir: kept after the run, and a directory seeded before is reused.
const dir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-import-'));
if (target.url || !fs.existsSync(path.join(dir, 'db'))) {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const where = target.url ? ['--database-url', target.url] : ['--data-dir', dir];
  const seeded = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', 'seed-catalog.ts'), '--tracks', values.tracks!, ...where], { cwd: root, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seeding failed (see above)');
}

const handle = target.url ? await openPostgres(target.url) : await openPglite(path.join(dir, 'db'));
try {
  const sample = rowsOf<{ title: string; artist: string; album: string }>(
    await handle.db.execute(sql`select t.title, ar.name as artist, al.title as album from tracks t join artists ar on ar.id = t.artist_id join albums al on al.id = t.album_id order by md5(t.id::text) limit ${LINES}`),
  );
  const typo = (s: string) => {
    const i = 1 + Math.floor(random() * Math.max(1, s.length - 2));
    return s.slice(0, i) + s.slice(i + 1);
  };
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = sample.map((t) => {
    const r = random();
    if (r < 0.7) return [t.title, t.artist, t.album];
    if (r < 0.8) return [t.title.toUpperCase(), t.artist.toLowerCase(), ''];
    if (r < 0.88) return [typo(t.title), t.artist, t.album];
    if (r < 0.95) return [random() < 0.5 ? `${t.title} (feat. Somebody Else)` : `${t.title} - Remastered 2011`, t.artist, t.album];
    return [`Zzq Unknown ${Math.floor(random() * 1e6)}`, 'Nobody Known', ''];
  });
  const csv = `Track Name,Artist Name(s),Album Name\r\n${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;

  const timings = { databaseMs: 0 };
  await matchImportEntries(handle.db, parsePlaylistFile(csv.split('\r\n').slice(0, 51).join('\r\n')).entries); // warm-up
  const started = performance.now();
  const { entries } = parsePlaylistFile(csv, { filename: 'bench.csv' });
  const matched = await matchImportEntries(handle.db, entries, timings);
  const seconds = (performance.now() - started) / 1000;
  const found = matched.filter((m) => m.match).length;
  console.log(`\n${target.label}, ${values.tracks} tracks: matched ${entries.length} lines in ${seconds.toFixed(2)} s = ${Math.round(entries.length / seconds)} lines/s; ${found} matched (${((100 * found) / entries.length).toFixed(1)}%; about 95% are in the catalog); ${(timings.databaseMs / 1000).toFixed(2)} s of it in the database`);
} finally {
  await handle.close();
  await target.done();
  if (!values['data-dir']) fs.rmSync(dir, { recursive: true, force: true });
}
