// npm run bench:analytics -- [sessions=500000] — /admin/analytics and one listener's /history
// on PGlite (in memory) holding `sessions` listening sessions over 90 days, 2,000 listeners and
// 5,000 tracks, with the rollups the heartbeats keep. Prints the median time of each query and
// whether the history and "active now" plans use their indexes (analytics reads no session).
import { sql } from 'drizzle-orm';
import { openPglite } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { getAnalytics } from '@/lib/listening/analytics';
import { getHistory } from '@/lib/listening/history';

const SESSIONS = Number(process.argv[2] ?? 500_000);
const h = await openPglite();
await h.migrate();
const db = h.db;

let t = performance.now();
await db.execute(sql`insert into users (email, display_name, password_hash) select 'u' || i || '@example.org', 'u' || i, 'x' from generate_series(1, 2000) i`);
await db.execute(sql`insert into tracks (title, status, duration_ms, original_filename, original_key, declared_content_type)
  select 'Track ' || i, 'ready', 200000, i || '.flac', 'originals/' || i, 'audio/flac' from generate_series(1, 5000) i`);
// Sessions spread over 90 days; listeners and tracks skewed so some are far more active.
await db.execute(sql`
  with u as (select array_agg(id order by email) a from users), tr as (select array_agg(id order by title) a from tracks)
  insert into listening_sessions (user_id, track_id, started_at, last_beat_at, last_seq, heard_ms, counted_at, ended_at)
  select u.a[1 + floor(power(random(), 2) * 2000)::int], tr.a[1 + floor(power(random(), 3) * 5000)::int], s, s + interval '3 minutes', 12,
    case when skip then 10000 else 180000 end, case when skip then null else s + interval '30 seconds' end, s + interval '3 minutes'
  from u, tr, (select now() - random() * interval '90 days' s, random() < 0.15 skip from generate_series(1, ${SESSIONS})) x`);
await db.execute(sql`insert into listening_hourly (hour, track_id, plays, skips, ms_heard)
  select date_trunc('hour', started_at, 'UTC'), track_id, count(counted_at), count(*) - count(counted_at), sum(heard_ms) from listening_sessions group by 1, 2`);
await db.execute(sql`insert into track_stats (track_id, plays, skips) select track_id, count(counted_at), count(*) - count(counted_at) from listening_sessions group by 1`);
// A few listening now.
await db.execute(sql`insert into listening_sessions (user_id, track_id) select u.id, (select id from tracks limit 1) from (select id from users limit 40) u`);
await db.execute(sql`analyze`);
const [{ hourly }] = rowsOf<{ hourly: number }>(await db.execute(sql`select count(*)::int hourly from listening_hourly`));
console.log(`seeded ${SESSIONS.toLocaleString()} sessions (${hourly.toLocaleString()} hourly rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const [{ id: busiest }] = rowsOf<{ id: string }>(await db.execute(sql`select user_id id from listening_sessions group by 1 order by count(*) desc limit 1`));
const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int n from listening_sessions where user_id = ${busiest}`));

async function median(label: string, run: () => Promise<unknown>, times = 7) {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${ms[Math.floor(times / 2)]!.toFixed(1).padStart(7)} ms`);
}

for (const days of [7, 30, 90] as const) await median(`admin analytics, ${days} days`, () => getAnalytics(db, days));
const history = (q: Record<string, string>) => () => getHistory(db, busiest, new URLSearchParams({ tz: 'Europe/Berlin', ...q }));
console.log(`busiest listener: ${n.toLocaleString()} sessions`);
await median('history, day buckets, 30 days', history({ granularity: 'day' }));
await median('history, hour buckets, 31 days (744 buckets)', history({ granularity: 'hour', from: new Date(Date.now() - 31 * 86_400_000 + 60_000).toISOString() }));
await median('history, hour buckets, last 24 h', history({ granularity: 'hour' }));
await median('history, month buckets, 12 months', history({ granularity: 'month' }));

const plan = async (label: string, query: ReturnType<typeof sql>) => {
  const lines = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain ${query}`)).map((r) => r['QUERY PLAN']);
  const scans = lines.filter((l) => /Scan/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, ''));
  console.log(`${label}: ${scans.join('; ')}`);
};
await plan('active now plan', sql`select count(distinct user_id) from listening_sessions where ended_at is null and last_beat_at > now() - interval '2 minutes'`);
await plan('history plays plan', sql`select count(*) from listening_sessions where user_id = ${busiest} and counted_at >= now() - interval '1 day' and counted_at < now()`);
await plan('history minutes plan', sql`select sum(heard_ms) from listening_sessions where user_id = ${busiest} and started_at >= now() - interval '1 day' and started_at < now()`);
await h.close();
