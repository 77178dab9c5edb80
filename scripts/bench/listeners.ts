// npm run bench:listeners -- [listeners=10000] [seconds=120] [--database-url=postgres://...]
//   [--instances=N] [--keep-database] [--redis] [--cold-start]
// N concurrent listeners against MIST on loopback (the built standalone server, as npm start
// runs it). Each starts a session and fetches the track's key as a player does (a session
// counts heard time only once its key was fetched), sends a heartbeat every 15 s (staggered),
// ends its session with a last beat after about 3.5 minutes and starts the next one. By default every listener is already
// part-way into a session when the run begins (as on a server that has been up a while:
// about N/210 session starts a second from the first second); --cold-start has all N press
// play within the first 15 s instead. Prints heartbeat latency, errors, lost beats, each
// server's CPU and RSS, and play totals checked against what was sent.
// Target: 10,000 listeners with p99 <= 100 ms, 0 lost beats, RSS <= 500 MB, plays exact.
// RSS is the kernel's peak (VmHWM) while serving, reset after the first 15 s of load; the
// peak over the process's whole life (boot, V8's compiles) is printed beside it.
//
// --database-url: a fresh database is made on that PostgreSQL for the run and dropped after
// it (kept with --keep-database). --instances=N (PostgreSQL only) starts N servers on that
// database, one Redis (a redis-server started for the run) and one media directory, as
// replicas behind a load balancer: each listener's requests take the instances in turn.
// --redis gives a single instance the Redis too. The CPU of the PostgreSQL backends serving
// the run's database is printed when that PostgreSQL runs on this machine.
//
// Accounts and tracks are written to the database before the servers start (a password
// hash per account would take minutes), and each listener holds a session cookie minted with
// the servers' AUTH_SECRET: what a signed-in browser sends. No limit is relaxed: listeners
// fetch keys from 64 loopback addresses (127.0.1.x), as households behind shared routers
// would, so the per-address key limit (600 a minute) holds even when all press play at once.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { buildIfNeeded } from '../lib/build.mjs';
import { startRedisServer } from '../lib/redis-server';
import { benchDatabase } from './lib/bench-database';
import { type Instance, startInstances } from './lib/bench-instances';
import { type InitialSession, openDatabase, readPlayTotals, seed } from './listeners-db';
import { type CpuSample, cpuUsedBetween, memoryOf, resetPeakMemory, sampleCpu, wasmMemoryOf } from './lib/process-stats';
import { percentile } from './lib/stats';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const LISTENERS = Number(positional[0] ?? 10_000);
const SECONDS = Number(positional[1] ?? 120);
const INSTANCES = Number(flag('instances') ?? 1);
const COLD = process.argv.includes('--cold-start');
const TRACKS = 500;
const BEAT_MS = 15_000;
const SESSION_MS = 210_000; // 3.5 minutes, ±15% per session
const PLAY_MS = 30_000; // every bench track lasts 3.5 min: 30 s heard makes a play
if (!Number.isInteger(INSTANCES) || INSTANCES < 1 || (INSTANCES > 1 && !flag('database-url'))) {
  console.error('--instances=N needs --database-url=postgres://… (the embedded database serves one process)');
  process.exit(2);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stopping = false;
let stop = () => {};
const stopped = new Promise<void>((r) => (stop = r));
/** Sleeps, or less when the run ends meanwhile. */
const pause = (ms: number) => Promise.race([sleep(ms), stopped]);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const pct = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p);

buildIfNeeded();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-listeners-'));
const secret = randomBytes(32).toString('base64url');
const database = await benchDatabase(flag('database-url'), process.argv.includes('--keep-database'));
const redis = INSTANCES > 1 || process.argv.includes('--redis') ? await startRedisServer() : undefined;
const instances: Instance[] = [];

const stats = {
  beatsSent: 0,
  beatsAcked: 0,
  beatMs: [] as number[],
  startsSent: 0,
  startsOk: 0,
  startMs: [] as number[],
  errors: new Map<string, number>(),
  /** Requests sent again on a fresh connection (the kept-alive one had been closed). */
  retries: 0,
  /** [seconds since start, ms] of every acknowledged beat. */
  timeline: [] as [number, number][],
  /** Sessions acknowledged with >= 30 s heard: plays the server must have counted. */
  plays: new Map<string, number>(), // `${userId} ${trackId}` -> plays
  /** Sessions the server answered `counted: true` for. */
  countedReplies: 0,
};
const error = (what: string, r: Reply) => {
  const key = `${what} ${r.status || 'network'}`;
  stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
  if (stats.errors.get(key) === 1) console.log(`  first ${key}: ${r.body.slice(0, 200)}`);
};

type Reply = { status: number; body: string; ms: number };
/**
 * POSTs JSON to one instance. Like a browser, it sends again once when a kept-alive
 * connection turns out to have been closed by the server meanwhile (safe here: beats are
 * idempotent by seq).
 */
function post(to: Instance, pathname: string, cookie: string, body: unknown, retry = true): Promise<Reply> {
  const json = JSON.stringify(body);
  const started = performance.now();
  to.requests++;
  return new Promise((resolve) => {
    const headers = { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) };
    const req = http.request({ host: '127.0.0.1', port: to.port, path: pathname, method: 'POST', agent: to.agent, timeout: 30_000, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
        stats.retries++;
        resolve(post(to, pathname, cookie, body, false).then((r) => ({ ...r, ms: performance.now() - started })));
      } else resolve({ status: 0, body: e.message, ms: performance.now() - started });
    });
    req.end(json);
  });
}

/** Key requests, kept alive per address; enough connections that a slow server never queues them here. */
const keyAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
/** GETs a path from the listener's own loopback address (the body is dropped); sent again as post() does. */
function get(to: Instance, pathname: string, cookie: string, localAddress: string, retry = true): Promise<Reply> {
  const started = performance.now();
  to.requests++;
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: to.port, path: pathname, method: 'GET', agent: keyAgent, localAddress, timeout: 30_000, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: '', ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
        stats.retries++;
        resolve(get(to, pathname, cookie, localAddress, false));
      } else resolve({ status: 0, body: e.message, ms: performance.now() - started });
    });
    req.end();
  });
}
/** The loopback address a listener's key requests come from: 64 addresses, listeners spread over them. */
const addressOf = (turn: number) => `127.0.1.${(turn % 64) + 1}`;

let began = Date.now();
const inFlight = new Set<Promise<unknown>>();
const track = <T>(p: Promise<T>) => (inFlight.add(p), p.finally(() => inFlight.delete(p)));

type Playing = { sessionId: string; trackId: string; startedAt: number; lengthMs: number };
type Listener = { userId: string; cookie: string; trackIds: string[]; turn: number; address: string };
/** The instance for a listener's next request: each in turn, as a round-robin balancer would. */
const nextInstance = (l: Listener) => instances[l.turn++ % instances.length]!;

/**
 * One listener: sessions back to back, a beat every 15 s, a last beat at each session's end.
 * Mid-session (the default) the listener is already `initial` when the run begins and sends
 * its first beat after `firstDelayMs`; a cold start presses play after `firstDelayMs`.
 */
async function listen(l: Listener, firstDelayMs: number, initial?: InitialSession) {
  let playing: Playing | undefined = initial && { ...initial, startedAt: began - initial.phaseMs };
  if (!playing) await pause(firstDelayMs);
  let firstBeatMs = playing ? firstDelayMs : undefined;
  let first = true;
  while (!stopping) {
    if (!playing) {
      const trackId = l.trackIds[Math.floor(Math.random() * l.trackIds.length)]!;
      stats.startsSent++;
      const start = await track(post(nextInstance(l), '/api/listening/sessions', l.cookie, { trackId }));
      if (start.status !== 201) {
        error('session start', start);
        await pause(BEAT_MS);
        continue;
      }
      const sessionId = (JSON.parse(start.body) as { sessionId: string }).sessionId;
      const key = await track(get(nextInstance(l), `/api/tracks/${trackId}/key`, l.cookie, l.address));
      if (key.status !== 200) {
        error('key', key);
        await pause(BEAT_MS);
        continue;
      }
      stats.startsOk++;
      stats.startMs.push(start.ms);
      // A cold start's first session ends at a random point, so that session changes spread out.
      const lengthMs = SESSION_MS * (0.85 + Math.random() * 0.3) * (first ? Math.random() : 1);
      playing = { sessionId, trackId, startedAt: Date.now(), lengthMs }; // heard from here: after the key
    }
    first = false;
    await play(l, playing, firstBeatMs);
    playing = firstBeatMs = undefined;
  }
}

/** Beats for one session until it ends (or the run does). */
async function play(l: Listener, { sessionId, trackId, startedAt, lengthMs }: Playing, firstBeatMs?: number) {
  let seq = 0;
  let counted = false;
  let countedReply = false;
  for (;;) {
    const left = startedAt + lengthMs - Date.now();
    await pause(Math.min(seq === 0 && firstBeatMs !== undefined ? firstBeatMs : BEAT_MS, Math.max(0, left)));
    if (stopping) return;
    const ended = Date.now() >= startedAt + lengthMs;
    const heardMs = Math.min(Date.now() - startedAt, Math.floor(lengthMs));
    stats.beatsSent++;
    const to = nextInstance(l);
    const reply = await track(post(to, `/api/listening/sessions/${sessionId}/heartbeat`, l.cookie, { seq: ++seq, positionMs: heardMs, heardMs, ...(ended ? { ended: true } : {}) }));
    if (reply.status === 200) {
      stats.beatsAcked++;
      stats.beatMs.push(reply.ms);
      to.beatMs.push(reply.ms);
      stats.timeline.push([(Date.now() - began) / 1000, reply.ms]);
      if (!counted && heardMs >= PLAY_MS) {
        counted = true;
        const key = `${l.userId} ${trackId}`;
        stats.plays.set(key, (stats.plays.get(key) ?? 0) + 1);
      }
      if (!countedReply && (JSON.parse(reply.body) as { counted: boolean }).counted) (countedReply = true), stats.countedReplies++;
    } else error('heartbeat', reply);
    if (ended) return;
  }
}

/** Starts the instances and warms each one's routes. */
async function startAll(cookie: string, trackId: string) {
  const env = { AUTH_SECRET: secret, ...(database.url ? { DATABASE_URL: database.url } : {}), ...(redis ? { REDIS_URL: redis.url } : {}) };
  // e.g. --node-args='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the servers
  const nodeArgs = flag('node-args')?.split(' ').filter(Boolean) ?? [];
  instances.push(...(await startInstances(INSTANCES, { dataDir, env, nodeArgs, sockets: Number(flag('sockets') ?? 512) })));
  // Warm both routes once on each instance, so module loading is not measured.
  for (const to of instances) {
    const warm = await post(to, '/api/listening/sessions', cookie, { trackId });
    if (warm.status !== 201) throw new Error(`${to.name} refused the bench listener: ${warm.status} ${warm.body}`);
    await get(to, `/api/tracks/${trackId}/key`, cookie, addressOf(0));
    await post(to, `/api/listening/sessions/${JSON.parse(warm.body).sessionId}/heartbeat`, cookie, { seq: 1, positionMs: 0, heardMs: 0, ended: true });
    to.requests = 0;
    to.idleRss = memoryOf(to.pid).rss;
  }
}

/** Every 15 s: beats so far, the last 15 s's latency, each instance's CPU and RSS, the rest of the machine. */
function reportProgress(from: CpuSample) {
  let shown = 0;
  let last = { sample: from, requests: 0 };
  return setInterval(() => {
    const recent = stats.beatMs.slice(shown);
    shown = stats.beatMs.length;
    const now = { sample: sampleCpu(instances.map((s) => s.pid), database.name), requests: stats.beatsSent + stats.startsSent };
    const used = cpuUsedBetween(last.sample, now.sample);
    const share = (seconds: number) => `${((100 * seconds) / used.seconds).toFixed(0)}%`;
    const perRequest = (1000 * used.servers.reduce((x, y) => x + y, 0)) / Math.max(1, now.requests - last.requests);
    const servers = instances.map((s, i) => `${s.name} CPU ${share(used.servers[i]!)} RSS ${mb(memoryOf(s.pid).rss)}${database.url ? '' : ` (WebAssembly ${mb(wasmMemoryOf(s.pid))})`}`);
    const pg = database.name ? `, PostgreSQL backends CPU ${share(used.postgres)}` : '';
    console.log(
      `  t=${((Date.now() - began) / 1000).toFixed(0)} s: beats ${stats.beatsAcked}/${stats.beatsSent}, sessions ${stats.startsOk}; last 15 s: p50 ${pct(recent, 0.5).toFixed(1)} ms, p99 ${pct(recent, 0.99).toFixed(1)} ms, ${perRequest.toFixed(2)} ms server CPU/request; ${servers.join(', ')}${pg}; other processes CPU ${share(used.others)}, waiting for a CPU ${share(used.waiting)} of the time`,
    );
    last = now;
    // From here on VmHWM is the peak while serving: the kernel's peak is reset once the first
    // 15 s of load have passed (V8's one-off compile of PGlite's hot code happens in them).
    for (const s of instances) if (!s.warmedUpHwm) (s.warmedUpHwm = memoryOf(s.pid).hwm), resetPeakMemory(s.pid);
  }, 15_000);
}

try {
  console.log(`seeding ${LISTENERS} accounts and ${TRACKS} tracks (${database.label}) ...`);
  const seeded = await seed(await openDatabase(dataDir, database.url), LISTENERS, TRACKS, SESSION_MS, !COLD);
  console.log(`minting ${LISTENERS} session cookies ...`);
  const cookies: string[] = [];
  for (const u of seeded.users) {
    const token = await encode({ secret, token: { sub: u.id, email: u.email, name: u.email, role: 'user', sv: 0, sid: u.sessionId } });
    cookies.push(`next-auth.session-token=${token}`);
  }
  console.log(`starting ${INSTANCES > 1 ? `${INSTANCES} instances` : 'the server'} (${database.label}${redis ? ', Redis' : ''}) ...`);
  await startAll(cookies[0]!, seeded.trackIds[0]!);

  const idle = instances.map((s) => `${s.name} ${mb(s.idleRss)}`).join(', ');
  console.log(`${LISTENERS} listeners for ${SECONDS} s on loopback, ${os.cpus().length} cores shared with the load generator${database.url ? ' and PostgreSQL' : ''}; RSS idle: ${idle}; load average ${os.loadavg()[0]!.toFixed(1)}`);
  began = Date.now();
  const cpuBefore = sampleCpu(instances.map((s) => s.pid), database.name);
  const progress = reportProgress(cpuBefore);
  const listeners = seeded.users.map((u, i) => listen({ userId: u.id, cookie: cookies[i]!, trackIds: seeded.trackIds, turn: i, address: addressOf(i) }, Math.random() * BEAT_MS, seeded.initial[i]));
  await sleep(SECONDS * 1000);
  stopping = true;
  stop();
  clearInterval(progress);
  await Promise.all([...inFlight]);
  await Promise.all(listeners);
  const elapsed = (Date.now() - began) / 1000;
  const used = cpuUsedBetween(cpuBefore, sampleCpu(instances.map((s) => s.pid), database.name));
  const ended = instances.map((s, i) => ({ ...memoryOf(s.pid), wasm: database.url ? 0 : wasmMemoryOf(s.pid), cpu: used.servers[i]! }));

  // Play totals, read from the database once the servers have stopped.
  for (const s of instances) await s.server.stop();
  const totals = await readPlayTotals(await openDatabase(dataDir, database.url));
  const expected = [...stats.plays.values()].reduce((a, b) => a + b, 0);
  let mismatched = 0;
  for (const [key, plays] of stats.plays) if (totals.byUserTrack.get(key) !== plays) mismatched++;
  for (const key of totals.byUserTrack.keys()) if (!stats.plays.has(key)) mismatched++;

  const lost = stats.beatsSent - stats.beatsAcked;
  const errors = [...stats.errors].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  const p99 = pct(stats.beatMs, 0.99);
  console.log(`\nresults (${elapsed.toFixed(0)} s, ${INSTANCES > 1 ? `${INSTANCES} instances` : 'one server'} on ${database.label}${redis ? ' with Redis' : ''})`);
  console.log(`  heartbeats: ${stats.beatsSent} sent, ${stats.beatsAcked} acknowledged, ${lost} lost (${(stats.beatsAcked / elapsed).toFixed(0)}/s)`);
  console.log(`  heartbeat latency: p50 ${pct(stats.beatMs, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${pct(stats.beatMs, 1).toFixed(1)} ms`);
  console.log(`  session starts: ${stats.startsOk}/${stats.startsSent}, p50 ${pct(stats.startMs, 0.5).toFixed(1)} ms, p99 ${pct(stats.startMs, 0.99).toFixed(1)} ms`);
  console.log(`  errors: ${errors}; sent again on a fresh connection: ${stats.retries}`);
  if (flag('slowest')) for (const [t, ms] of [...stats.timeline].sort((a, b) => b[1] - a[1]).slice(0, Number(flag('slowest')))) console.log(`    slow beat at t=${t.toFixed(1)} s: ${ms.toFixed(0)} ms`);
  let rssOk = true;
  for (const [i, s] of instances.entries()) {
    const e = ended[i]!;
    const lifetimeHwm = Math.max(e.hwm, s.warmedUpHwm);
    const servingHwm = s.warmedUpHwm ? e.hwm : lifetimeHwm;
    rssOk &&= servingHwm <= 500 * 1048576;
    const latency = INSTANCES > 1 ? `beats p50 ${pct(s.beatMs, 0.5).toFixed(1)} ms, p99 ${pct(s.beatMs, 0.99).toFixed(1)} ms; ` : '';
    console.log(`  ${s.name}: ${latency}CPU ${e.cpu.toFixed(1)} s (${((100 * e.cpu) / elapsed).toFixed(0)}% of a core), ${((1000 * e.cpu) / Math.max(1, s.requests)).toFixed(2)} ms per request (${s.requests} requests)`);
    const wasm = database.url ? '' : `; WebAssembly memory (PGlite) ${mb(e.wasm)} at the end`;
    console.log(`  ${s.name} RSS: idle ${mb(s.idleRss)}; peak while serving (after the first 15 s) ${mb(servingHwm)}; peak over the process's life ${mb(lifetimeHwm)}${wasm}`);
  }
  const core = (seconds: number) => `CPU ${seconds.toFixed(1)} s (${((100 * seconds) / elapsed).toFixed(0)}% of a core)`;
  if (database.name) console.log(`  PostgreSQL backends serving the run's database: ${core(used.postgres)}`);
  console.log(`  load generator (this process): ${core(used.generator)}`);
  console.log(`  the rest of the machine (other processes, PostgreSQL's background work): ${core(used.others)}; some task waited for a CPU ${((100 * used.waiting) / elapsed).toFixed(0)}% of the time; load average at the end ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`  plays: sent ${expected} sessions with >= 30 s heard; track_stats ${totals.trackStats}, user_track_plays ${totals.userTrackPlays}, listening_hourly ${totals.hourly}; replies said counted for ${stats.countedReplies}; ${mismatched} listener/track pairs differ`);
  const ok = LISTENERS >= 10_000 && p99 <= 100 && lost === 0 && rssOk && mismatched === 0 && totals.trackStats === expected;
  console.log(`  target (10,000 listeners, p99 <= 100 ms, 0 lost, RSS <= 500 MB while serving, plays exact): ${ok ? 'met' : 'NOT met'}`);
  if (!database.url && instances.some((s, i) => Math.max(ended[i]!.hwm, s.warmedUpHwm) > 500 * 1048576)) {
    console.log(`  the process's lifetime peak is over 500 MB: V8 optimizing PGlite's largest function takes ~600 MB for half a second, once (node --liftoff-only avoids it, for 20-45% slower database work; see the README)`);
  }
} finally {
  keyAgent.destroy();
  for (const [i, s] of instances.entries()) {
    s.agent.destroy();
    await s.server.stop();
    const log = flag('server-log');
    if (log) fs.writeFileSync(INSTANCES > 1 ? `${log}.${i + 1}` : log, s.server.output());
  }
  await redis?.stop();
  await database.done();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
