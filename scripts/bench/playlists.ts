// npm run bench:playlists -- [--items 10000] [--runs 200] [--database-url=postgres://...]
// A long playlist: seeds `items` ready tracks (with artists and albums) and one playlist
// holding all of them, added 500 at a time as the API adds them, then times what a listener
// waits for, through the same functions the page and the routes call:
//   - opening it: the playlist with its count, length and covers, and its first page of
//     100 items (what /playlists/{id} renders), and the API's first page (500, the default);
//   - a page deep in it (the API's `after` cursor from the middle);
//   - a reorder: one item moved to a random place (PATCH …/items/{itemId}, in its transaction).
// Targets: opening p50 <= 100 ms, a reorder p50 <= 10 ms. PGlite in a temporary directory by
// default; with --database-url, a database made for the run on that PostgreSQL, dropped after.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { getVisiblePlaylist } from '@/db/queries/playlists';
import { rowsOf } from '@/db/rows';
import { insertUser } from '@/db/queries/users';
import { addItems, createPlaylist, getPlaylist, listItemsPage, MAX_TRACKS_PER_ADD, moveItem } from '@/lib/library/playlists';
import { seededRandom } from '../lib/seeded-random';
import { withBenchDatabase } from './lib/bench-database';
import { ms, summary } from './lib/stats';

const { values } = parseArgs({ options: { items: { type: 'string', default: '10000' }, runs: { type: 'string', default: '200' }, 'database-url': { type: 'string' } } });
const ITEMS = Number(values.items);
const RUNS = Number(values.runs);
const random = seededRandom(20261206);
const urls = { publicUrl: (key: string) => `/media/${key}` };

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(20, runs); i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return summary(times);
}

async function run(h: DbHandle, label: string) {
  const { db } = h;
  let t = performance.now();
  const owner = (await insertUser(db, { email: 'owner@example.org', displayName: 'owner', passwordHash: 'x', role: 'user' })).id;
  await db.execute(sql`insert into artists (name, name_key) select 'Artist ' || i, 'artist ' || i from generate_series(0, ${Math.ceil(ITEMS / 100) - 1}) i`);
  await db.execute(sql`insert into albums (title, title_key, artist_id, cover_key)
    select 'Album ' || a.name, 'album ' || a.name_key, a.id, 'covers/' || a.id || '.jpg' from artists a`);
  await db.execute(sql`insert into tracks (title, status, duration_ms, artist_id, album_id, cover_key, original_filename, original_key, declared_content_type)
    select 'Track ' || lpad(i::text, 6, '0'), 'ready', 180000 + i % 120000, al.artist_id, al.id, al.cover_key, i || '.flac', 'originals/' || i, 'audio/flac'
    from generate_series(0, ${ITEMS - 1}) i join albums al on al.title = 'Album Artist ' || (i / 100)`);
  const trackIds = rowsOf<{ id: string }>(await db.execute(sql`select id from tracks order by title`)).map((r) => r.id);
  const { id } = await createPlaylist(db, urls, owner, { name: 'Everything' });
  for (let i = 0; i < trackIds.length; i += MAX_TRACKS_PER_ADD) await addItems(db, owner, id, { trackIds: trackIds.slice(i, i + MAX_TRACKS_PER_ADD) });
  await db.execute(sql`analyze`);
  console.log(`${label}: a playlist of ${trackIds.length.toLocaleString()} tracks made in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const page = await time(RUNS, async () => {
    const playlist = await getVisiblePlaylist(db, id, owner);
    return listItemsPage(db, playlist!.id, { limit: 100 });
  });
  console.log(`${label}: open (the page: summary + first 100 items): p50 ${ms(page.p50)} p90 ${ms(page.p90)} p99 ${ms(page.p99)} — target p50 <= 100 ms: ${page.p50 <= 100 ? 'met' : 'NOT met'}`);
  const api = await time(RUNS, () => getPlaylist(db, urls, owner, id));
  console.log(`${label}: open (GET /api/playlists/{id}: first 500 items): p50 ${ms(api.p50)} p90 ${ms(api.p90)} p99 ${ms(api.p99)}`);
  // The cursor halfway: pages of 100 walked to the middle.
  let middle: string | null = null;
  for (let n = 0; n < ITEMS / 2; n += 100) {
    const params = new URLSearchParams({ limit: '100' });
    if (middle) params.set('after', middle);
    middle = (await getPlaylist(db, urls, owner, id, params)).next;
  }
  const deep = await time(RUNS, () => getPlaylist(db, urls, owner, id, new URLSearchParams({ limit: '500', after: middle! })));
  console.log(`${label}: a page of 500 from the middle: p50 ${ms(deep.p50)} p90 ${ms(deep.p90)} p99 ${ms(deep.p99)}`);
  const items = (await getPlaylist(db, urls, owner, id, new URLSearchParams({ limit: '1000' }))).items.map((i) => i.itemId);
  const move = await time(RUNS, (i) => moveItem(db, owner, id, items[i % items.length]!, { position: Math.floor(random() * ITEMS) }));
  console.log(`${label}: reorder (one item to a random place): p50 ${move.p50.toFixed(1)} ms p90 ${move.p90.toFixed(1)} ms p99 ${move.p99.toFixed(1)} ms — target p50 <= 10 ms: ${move.p50 <= 10 ? 'met' : 'NOT met'}`);
}

await withBenchDatabase(values['database-url'], 'playlists', run);
