// Fills an empty data directory with a small catalog and 60 days of listening, for looking at
// /history and /admin/analytics (screenshots) without weeks of real use. Run while MIST is stopped:
//   MIST_DATA_DIR=/tmp/mist-demo npx tsx --conditions=react-server scripts/demo-listening.ts
// Signs in afterwards: admin@example.org / 'admin password', lee@example.org and new@example.org
// / 'listen password'. The tracks have no media: they are for the statistics pages only.
import { sql } from 'drizzle-orm';
import { getDbHandle } from '@/db';
import { insertTrack, upsertAlbum, upsertArtist } from '@/db/queries/tracks';
import { countUsers } from '@/db/queries/users';
import { listeningSessions } from '@/db/schema';
import { createUser } from '@/lib/accounts';

const handle = await getDbHandle();
const db = handle.db;
if ((await countUsers(db)) > 0) {
  // Known passwords have no place on a server people use.
  console.error('This database already has users: demo-listening only fills an empty data directory.');
  await handle.close();
  process.exit(1);
}
const admin = await createUser(db, { email: 'admin@example.org', displayName: 'Admin', password: 'admin password' }, 'admin');
const lee = await createUser(db, { email: 'lee@example.org', displayName: 'Lee', password: 'listen password' }, 'user');
await createUser(db, { email: 'new@example.org', displayName: 'New', password: 'listen password' }, 'user');
const others = await Promise.all(['ana', 'ben', 'cy'].map((n) => createUser(db, { email: `${n}@example.org`, displayName: n, password: 'listen password' }, 'user')));

const catalog: [string, string, string[]][] = [
  ['Aurora Lane', 'Northern Static', ['Glass Harbour', 'Slow Weather', 'Lantern Hours', 'Undertow']],
  ['The Quiet Engines', 'Paper Satellites', ['Orbit of Small Things', 'Low Light District', 'Signal Fade']],
  ['Mara Vell', 'Saltwater Letters', ['Tidewater', 'Harbour Lights (Live at the Old Library, Remastered 2024)', 'Fog Horn Waltz']],
  ['Kofi & the Long Nights', 'After Hours', ['Midnight Ferry', 'Brass Moon']],
];
const trackIds: string[] = [];
let n = 0;
for (const [artist, album, titles] of catalog) {
  const artistId = await upsertArtist(db, artist);
  const albumId = await upsertAlbum(db, { title: album, artistId, year: 2024 });
  for (const [i, title] of titles.entries()) {
    const t = await insertTrack(db, {
      title,
      artistId,
      albumId,
      trackNo: i + 1,
      status: 'ready',
      readyAt: new Date(),
      durationMs: 150_000 + ((n++ * 37_000) % 180_000),
      originalFilename: `${title}.flac`,
      originalKey: `originals/demo-${n}`,
      declaredContentType: 'audio/flac',
      uploadedBy: admin.id,
    });
    trackIds.push(t.id);
  }
}

// A deterministic pseudo-random walk: evenings busier, a few tracks skipped often.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const rows: (typeof listeningSessions.$inferInsert)[] = [];
const now = Date.now();
for (const user of [lee, ...others]) {
  for (let day = 59; day >= 0; day--) {
    const sessions = Math.floor(rand() * (user.id === lee.id ? 14 : 8));
    for (let s = 0; s < sessions; s++) {
      const hour = [8, 12, 18, 19, 20, 21, 22, 23][Math.floor(rand() * 8)]!;
      const startedAt = new Date(now - day * 86_400_000 - ((now / 3_600_000) % 24) * 3_600_000 + hour * 3_600_000 + rand() * 3_600_000);
      if (startedAt.getTime() > now - 300_000) continue;
      const trackId = trackIds[Math.floor(rand() ** 1.6 * trackIds.length)]!;
      const skipped = rand() < (trackIds.indexOf(trackId) % 5 === 3 ? 0.55 : 0.12);
      const heardMs = skipped ? Math.floor(3_000 + rand() * 20_000) : Math.floor(60_000 + rand() * 150_000);
      const endedAt = new Date(startedAt.getTime() + heardMs + 1_000);
      rows.push({ userId: user.id, trackId, startedAt, keyFetchedAt: startedAt, lastBeatAt: endedAt, lastSeq: 5, heardMs, endedAt, countedAt: skipped ? null : new Date(startedAt.getTime() + 30_000) });
    }
  }
}
// Listening right now.
for (const user of [lee, others[0]!]) rows.push({ userId: user.id, trackId: trackIds[0]!, startedAt: new Date(now - 60_000), keyFetchedAt: new Date(now - 60_000), lastBeatAt: new Date(now), lastSeq: 4, heardMs: 55_000, countedAt: new Date(now - 30_000) });
for (let i = 0; i < rows.length; i += 500) await db.insert(listeningSessions).values(rows.slice(i, i + 500));

// The rollups as the heartbeats would have kept them.
await db.execute(sql`insert into listening_hourly (hour, track_id, plays, skips, ms_heard)
  select date_trunc('hour', started_at, 'UTC'), track_id, count(counted_at), count(*) filter (where counted_at is null and ended_at is not null), sum(heard_ms)
  from listening_sessions group by 1, 2`);
await db.execute(sql`insert into track_stats (track_id, plays, skips, last_played_at)
  select track_id, count(counted_at), count(*) filter (where counted_at is null and ended_at is not null), max(counted_at) from listening_sessions group by 1`);
await db.execute(sql`insert into user_track_plays (user_id, track_id, plays, last_played_at)
  select user_id, track_id, count(*), max(counted_at) from listening_sessions where counted_at is not null group by 1, 2`);
console.log(`${trackIds.length} tracks, ${rows.length} sessions.`);
await handle.close();
