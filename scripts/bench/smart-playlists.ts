// npm run bench:smart -- [--tracks 100000] [--runs 30] [--data-dir DIR]
// Opening a smart playlist with a big catalog: seeds N ready tracks (scripts/seed-catalog.ts)
// into the embedded database in a temporary directory (or reuses DIR when it is seeded),
// gives one listener 2,000 likes and plays of 10,000 tracks, then times evaluating a few
// rule sets (what GET /api/playlists/{id} runs for a smart playlist): p50/p90 over RUNS
// runs after 3 warm-ups, with how many tracks each picked. Target: p50 <= 100 ms.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { openPglite } from '@/db/client';
import { insertUser } from '@/db/queries/users';
import { countSmartMatches, evaluateSmartPlaylist } from '@/db/queries/smart-playlists';
import { artists, trackLikes, tracks, users, userTrackPlays } from '@/db/schema';
import { parseRules } from '@/lib/library/smart-rules';
import { seededRandom } from '../lib/seeded-random';
import { ms, summary } from './lib/stats';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' }, 'data-dir': { type: 'string' } } });
const N = Number(values.tracks);
const RUNS = Number(values.runs);
const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-smart-'));
const dbDir = path.join(dataDir, 'db');

if (!fs.existsSync(dbDir)) {
  const started = performance.now();
  const seeded = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/seed-catalog.ts', '--tracks', String(N), '--data-dir', dataDir], { stdio: 'inherit' });
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
  console.log(`seeded ${N.toLocaleString('en')} tracks in ${ms(performance.now() - started)}`);
}

const h = await openPglite(dbDir);
await h.migrate();
const { db } = h;
const random = seededRandom(20261206);
const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'smart-bench@example.org'));
let ownerId = owner?.id;
if (!ownerId) {
  ownerId = (await insertUser(db, { email: 'smart-bench@example.org', displayName: 'Bench', passwordHash: 'x', role: 'user' })).id;
  const ids = (await db.select({ id: tracks.id }).from(tracks)).map((r) => r.id);
  const sample = (n: number) => [...new Set(Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]!))];
  const played = sample(10_000);
  for (let i = 0; i < played.length; i += 2000) {
    await db.insert(userTrackPlays).values(played.slice(i, i + 2000).map((trackId) => ({ userId: ownerId!, trackId, plays: 1 + Math.floor(random() * 20), lastPlayedAt: new Date(Date.now() - Math.floor(random() * 365) * 86_400_000) })));
  }
  await db.insert(trackLikes).values(sample(2000).map((trackId) => ({ userId: ownerId!, trackId })));
  await db.execute(sql`analyze`);
}
// A word from an artist's name, as a listener would type it.
const [some] = await db.select({ name: artists.name }).from(artists).orderBy(artists.name).limit(1).offset(100);
const word = some!.name.split(' ').at(-1)!.toLowerCase();

const RULE_SETS: [string, unknown][] = [
  [`artist contains '${word}', newest first, 100`, { conditions: [{ field: 'artist', op: 'contains', value: word }] }],
  ['liked, most played first, 100', { conditions: [{ field: 'liked' }], sort: 'plays' }],
  ['played more than 10 times and not played in 90 days, random, 50', { conditions: [{ field: 'plays', moreThan: 10 }, { field: 'notPlayed', days: 90 }], sort: 'random', limit: 50 }],
  ['added in 30 days, by artist, 500', { conditions: [{ field: 'added', days: 30 }], sort: 'artist', order: 'asc', limit: 500 }],
  ['year 1990-1999 and 3-5 min, by year, 1000', { conditions: [{ field: 'year', from: 1990, to: 1999 }, { field: 'duration', from: 180, to: 300 }], sort: 'year', limit: 1000 }],
  [`any: liked or album contains '${word}' or year 1975, title A-Z, 200`, { match: 'any', conditions: [{ field: 'liked' }, { field: 'album', op: 'contains', value: word }, { field: 'year', from: 1975, to: 1975 }], sort: 'title', order: 'asc', limit: 200 }],
];

console.log(`smart playlists on PGlite, ${N.toLocaleString('en')} tracks, ${RUNS} runs each (p50 / p90, tracks picked of matching)`);
for (const [label, input] of RULE_SETS) {
  const rules = parseRules(input);
  const times: number[] = [];
  let picked = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const started = performance.now();
    picked = (await evaluateSmartPlaylist(db, ownerId, rules)).length;
    if (i >= 3) times.push(performance.now() - started);
  }
  const matching = await countSmartMatches(db, ownerId, rules);
  const s = summary(times);
  console.log(`  ${label.padEnd(72)} p50 ${ms(s.p50).padStart(7)}  p90 ${ms(s.p90).padStart(7)}  ${picked} of ${matching}`);
}
await h.close();
if (!values['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
