// npm run bench:listeners -- [listeners=10000] [seconds=120] [--database-url=postgres://...] [--cold-start]
// N concurrent listeners against one MIST on loopback (the built standalone server). Each
// sends a heartbeat every 15 s (staggered), ends its session with a last beat after about
// 3.5 minutes and starts the next one. By default every listener is already part-way into a
// session when the run begins (as on a server that has been up a while: about N/210 session
// starts a second from the first second); --cold-start has all N press play within the
// first 15 s instead. Prints heartbeat latency, errors, lost beats, the server's CPU and
// RSS, and play totals checked against what was sent.
// Target: 10,000 listeners with p99 <= 100 ms, 0 lost beats, RSS <= 500 MB.
// RSS is the kernel's peak (VmHWM) while serving, reset after the first 15 s of load; the
// peak over the process's whole life (boot, V8's compiles) is printed beside it.
//
// Accounts and tracks are written to the database before the server starts (a password
// hash per account would take minutes), and each listener holds a session cookie minted with
// the server's AUTH_SECRET: what a signed-in browser sends. No limit is relaxed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { buildIfNeeded, SERVER_MALLOC_ENV, SERVER_NODE_ARGS, SERVER_NODE_OPTIONS, standaloneDir } from '../lib/build.mjs';
import { type InitialSession, openDatabase, readPlayTotals, seed } from './listeners-db';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const LISTENERS = Number(positional[0] ?? 10_000);
const SECONDS = Number(positional[1] ?? 120);
const DATABASE_URL = flag('database-url');
const TRACKS = 500;
const BEAT_MS = 15_000;
const SESSION_MS = 210_000; // 3.5 minutes, ±15% per session
const PLAY_MS = 30_000; // every bench track lasts 3.5 min: 30 s heard makes a play

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stopping = false;
let stop = () => {};
const stopped = new Promise<void>((r) => (stop = r));
/** Sleeps, or less when the run ends meanwhile. */
const pause = (ms: number) => Promise.race([sleep(ms), stopped]);

buildIfNeeded();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-listeners-'));
const secret = randomBytes(32).toString('base64url');
const port = await freePort();

console.log(`seeding ${LISTENERS} accounts and ${TRACKS} tracks (${DATABASE_URL ? 'PostgreSQL' : 'PGlite'}) ...`);
const COLD = process.argv.includes('--cold-start');
const seeded = await seed(await openDatabase(dataDir, DATABASE_URL), LISTENERS, TRACKS, SESSION_MS, !COLD);

// e.g. --node-args='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server
const nodeArgs = flag('node-args')?.split(' ').filter(Boolean) ?? [];
const entry = path.join(import.meta.dirname, '..', 'lib', 'server-entry.mjs'); // as npm start runs it
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, entry, path.join(standaloneDir, 'server.js')], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOSTNAME: '127.0.0.1',
    PORT: String(port),
    NEXT_MANUAL_SIG_HANDLE: 'true',
    MIST_DATA_DIR: dataDir,
    AUTH_SECRET: secret,
    NODE_OPTIONS: SERVER_NODE_OPTIONS, // as npm start and the Docker image run it
    ...SERVER_MALLOC_ENV,
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  },
  stdio: ['ignore', flag('server-log') ? fs.openSync(flag('server-log')!, 'w') : 'ignore', 'pipe'],
});
let serverErrors = '';
server.stderr!.on('data', (d) => (serverErrors = (serverErrors + d).slice(-4000)));

/** The server's resident memory, sampled every second; VmHWM is the kernel's own peak. */
function memory() {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/**
 * The part of RSS that is WebAssembly memory (PGlite's heap: shared buffers, caches): V8
 * reserves 8 GiB or more for it (guard regions) and makes the used part read-write, so it
 * shows as a rw-p mapping directly followed by the rest of the reservation, ---p.
 */
function wasmMemory() {
  type Mapping = { start: bigint; end: bigint; perms: string; rssKb: number };
  const maps: Mapping[] = [];
  for (const line of fs.readFileSync(`/proc/${server.pid}/smaps`, 'utf8').split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (range) maps.push({ start: BigInt(`0x${range[1]}`), end: BigInt(`0x${range[2]}`), perms: range[3]!, rssKb: 0 });
    else if (line.startsWith('Rss:') && maps.length) maps.at(-1)!.rssKb = Number(line.split(/\s+/)[1]);
  }
  let kb = 0;
  maps.forEach((m, i) => {
    const used = maps[i - 1];
    if (m.perms === '---p' && used?.perms === 'rw-p' && used.end === m.start && m.end - used.start >= 4n << 30n) kb += used.rssKb;
  });
  return kb * 1024;
}

/** CPU seconds the server has used (user + system), from /proc/<pid>/stat. */
function cpuSeconds() {
  const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number(flag('sockets') ?? 512) });
type Reply = { status: number; body: string; ms: number };
/**
 * POSTs JSON. Like a browser, it sends again once when a kept-alive connection turns out to
 * have been closed by the server meanwhile (safe here: beats are idempotent by seq).
 */
function post(pathname: string, cookie: string, body: unknown, retry = true): Promise<Reply> {
  const json = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathname, method: 'POST', agent, timeout: 30_000, headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
        stats.retries++;
        resolve(post(pathname, cookie, body, false).then((r) => ({ ...r, ms: performance.now() - started })));
      } else resolve({ status: 0, body: e.message, ms: performance.now() - started });
    });
    req.end(json);
  });
}

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

let began = Date.now();
const inFlight = new Set<Promise<unknown>>();
const track = <T>(p: Promise<T>) => (inFlight.add(p), p.finally(() => inFlight.delete(p)));

type Playing = { sessionId: string; trackId: string; startedAt: number; lengthMs: number };

/**
 * One listener: sessions back to back, a beat every 15 s, a last beat at each session's end.
 * Mid-session (the default) the listener is already `initial` when the run begins and sends
 * its first beat after `firstDelayMs`; a cold start presses play after `firstDelayMs`.
 */
async function listen(userId: string, cookie: string, firstDelayMs: number, initial?: InitialSession) {
  let playing: Playing | undefined = initial && { ...initial, startedAt: began - initial.phaseMs };
  if (!playing) await pause(firstDelayMs);
  let firstBeatMs = playing ? firstDelayMs : undefined;
  let first = true;
  while (!stopping) {
    if (!playing) {
      const trackId = seeded.trackIds[Math.floor(Math.random() * seeded.trackIds.length)]!;
      stats.startsSent++;
      const start = await track(post('/api/listening/sessions', cookie, { trackId }));
      if (start.status !== 201) {
        error('session start', start);
        await pause(BEAT_MS);
        continue;
      }
      stats.startsOk++;
      stats.startMs.push(start.ms);
      // A cold start's first session ends at a random point, so that session changes spread out.
      const lengthMs = SESSION_MS * (0.85 + Math.random() * 0.3) * (first ? Math.random() : 1);
      playing = { sessionId: (JSON.parse(start.body) as { sessionId: string }).sessionId, trackId, startedAt: Date.now(), lengthMs };
    }
    first = false;
    await play(userId, cookie, playing, firstBeatMs);
    playing = firstBeatMs = undefined;
  }
}

/** Beats for one session until it ends (or the run does). */
async function play(userId: string, cookie: string, { sessionId, trackId, startedAt, lengthMs }: Playing, firstBeatMs?: number) {
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
    const reply = await track(post(`/api/listening/sessions/${sessionId}/heartbeat`, cookie, { seq: ++seq, positionMs: heardMs, heardMs, ...(ended ? { ended: true } : {}) }));
    if (reply.status === 200) {
      stats.beatsAcked++;
      stats.beatMs.push(reply.ms);
      stats.timeline.push([(Date.now() - began) / 1000, reply.ms]);
      if (!counted && heardMs >= PLAY_MS) {
        counted = true;
        const key = `${userId} ${trackId}`;
        stats.plays.set(key, (stats.plays.get(key) ?? 0) + 1);
      }
      if (!countedReply && (JSON.parse(reply.body) as { counted: boolean }).counted) (countedReply = true), stats.countedReplies++;
    } else error('heartbeat', reply);
    if (ended) return;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))]! : NaN;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

try {
  for (let i = 0; ; i++) {
    if ((await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.ok) break;
    if (i > 300 || server.exitCode !== null) throw new Error(`the server did not start:\n${serverErrors}`);
    await sleep(200);
  }
  console.log(`minting ${LISTENERS} session cookies ...`);
  const cookies: string[] = [];
  for (const u of seeded.users) {
    const token = await encode({ secret, token: { sub: u.id, email: u.email, name: u.email, role: 'user', sv: 0, sid: u.sessionId } });
    cookies.push(`next-auth.session-token=${token}`);
  }
  // Warm both routes once, so module loading is not measured.
  const warm = await post('/api/listening/sessions', cookies[0]!, { trackId: seeded.trackIds[0] });
  if (warm.status !== 201) throw new Error(`the server refused the bench listener: ${warm.status} ${warm.body}`);
  await post(`/api/listening/sessions/${JSON.parse(warm.body).sessionId}/heartbeat`, cookies[0]!, { seq: 1, positionMs: 0, heardMs: 0, ended: true });

  const idle = memory();
  console.log(`${LISTENERS} listeners for ${SECONDS} s on loopback, ${os.cpus().length} cores shared with the load generator; server RSS idle ${mb(idle.rss)}`);
  began = Date.now();
  const cpuBefore = cpuSeconds();
  let shown = 0;
  let last = { cpu: cpuBefore, requests: 0 };
  let warmedUpHwm = 0;
  const progress = setInterval(() => {
    const recent = stats.beatMs.slice(shown);
    shown = stats.beatMs.length;
    const now = { cpu: cpuSeconds(), requests: stats.beatsSent + stats.startsSent };
    const perRequest = (1000 * (now.cpu - last.cpu)) / Math.max(1, now.requests - last.requests);
    console.log(
      `  t=${((Date.now() - began) / 1000).toFixed(0)} s: beats ${stats.beatsAcked}/${stats.beatsSent}, sessions ${stats.startsOk}; last 15 s: p50 ${pct(recent, 0.5).toFixed(1)} ms, p99 ${pct(recent, 0.99).toFixed(1)} ms, server CPU ${((100 * (now.cpu - last.cpu)) / 15).toFixed(0)}% (${perRequest.toFixed(2)} ms/request); RSS ${mb(memory().rss)} (WebAssembly ${mb(wasmMemory())})`,
    );
    last = now;
    // From here on VmHWM is the peak while serving: the kernel's peak is reset once the first
    // 15 s of load have passed (V8's one-off compile of PGlite's hot code happens in them).
    if (!warmedUpHwm) (warmedUpHwm = memory().hwm), fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
  }, 15_000);
  const listeners = seeded.users.map((u, i) => listen(u.id, cookies[i]!, Math.random() * BEAT_MS, seeded.initial[i]));
  await sleep(SECONDS * 1000);
  stopping = true;
  stop();
  clearInterval(progress);
  await Promise.all([...inFlight]);
  await Promise.all(listeners);
  const { hwm } = memory();
  const wasm = wasmMemory();
  const cpu = cpuSeconds() - cpuBefore;
  const elapsed = (Date.now() - began) / 1000;

  // Play totals, read from the database once the server has stopped.
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const totals = await readPlayTotals(await openDatabase(dataDir, DATABASE_URL));
  const expected = [...stats.plays.values()].reduce((a, b) => a + b, 0);
  let mismatched = 0;
  for (const [key, plays] of stats.plays) if (totals.byUserTrack.get(key) !== plays) mismatched++;
  for (const key of totals.byUserTrack.keys()) if (!stats.plays.has(key)) mismatched++;

  const lost = stats.beatsSent - stats.beatsAcked;
  const errors = [...stats.errors].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  const p99 = pct(stats.beatMs, 0.99);
  console.log(`\nresults (${elapsed.toFixed(0)} s)`);
  console.log(`  heartbeats: ${stats.beatsSent} sent, ${stats.beatsAcked} acknowledged, ${lost} lost (${(stats.beatsAcked / elapsed).toFixed(0)}/s)`);
  console.log(`  heartbeat latency: p50 ${pct(stats.beatMs, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${pct(stats.beatMs, 1).toFixed(1)} ms`);
  console.log(`  session starts: ${stats.startsOk}/${stats.startsSent}, p50 ${pct(stats.startMs, 0.5).toFixed(1)} ms, p99 ${pct(stats.startMs, 0.99).toFixed(1)} ms`);
  console.log(`  errors: ${errors}; sent again on a fresh connection: ${stats.retries}`);
  if (flag('slowest')) for (const [t, ms] of [...stats.timeline].sort((a, b) => b[1] - a[1]).slice(0, Number(flag('slowest')))) console.log(`    slow beat at t=${t.toFixed(1)} s: ${ms.toFixed(0)} ms`);
  const requests = stats.beatsSent + stats.startsSent;
  console.log(`  server CPU: ${cpu.toFixed(1)} s in ${elapsed.toFixed(0)} s (${((100 * cpu) / elapsed).toFixed(0)}% of a core), ${((1000 * cpu) / requests).toFixed(2)} ms per request; machine load average ${os.loadavg()[0]!.toFixed(1)}`);
  const lifetimeHwm = Math.max(hwm, warmedUpHwm);
  const servingHwm = warmedUpHwm ? hwm : lifetimeHwm;
  console.log(`  server RSS: idle ${mb(idle.rss)}; peak while serving (after the first 15 s) ${mb(servingHwm)}; peak over the process's life ${mb(lifetimeHwm)}; WebAssembly memory (PGlite) ${mb(wasm)} at the end`);
  console.log(`  plays: sent ${expected} sessions with >= 30 s heard; track_stats ${totals.trackStats}, user_track_plays ${totals.userTrackPlays}, listening_hourly ${totals.hourly}; replies said counted for ${stats.countedReplies}; ${mismatched} listener/track pairs differ`);
  const ok = LISTENERS >= 10_000 && p99 <= 100 && lost === 0 && servingHwm <= 500 * 1048576 && mismatched === 0 && totals.trackStats === expected;
  console.log(`  target (10,000 listeners, p99 <= 100 ms, 0 lost, RSS <= 500 MB while serving, plays exact): ${ok ? 'met' : 'NOT met'}`);
  if (lifetimeHwm > 500 * 1048576) {
    console.log(`  the process's lifetime peak is over 500 MB: V8 optimizing PGlite's largest function takes ~600 MB for half a second, once (node --liftoff-only avoids it, for 20-45% slower database work; see the README)`);
  }
} finally {
  agent.destroy();
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
