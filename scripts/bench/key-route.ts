// npm run bench:key [seconds] [connections] — key route throughput on loopback: the built
// MIST server answering GET /api/tracks/<id>/key for a signed-in listener with a session,
// against a bare node:http server returning 16 bytes, under the same load in the same run.
// MIST runs four ways on one data directory: as `npm start` serves it (scripts/lib/server-entry.mjs
// answers the key route before Next's router), and through Next's route handler alone (plain
// server.js), each with the grant cache on (default 5 s) and off (a database query per request).
// Target (issue 5): >= 2,000 req/s with p99 <= 25 ms on 2 cores.
// "server CPU" is the MIST process's CPU time per answered request (from /proc): steadier
// than req/s when other work shares the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { buildIfNeeded, standaloneDir } from '../lib/build.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 32);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** CPU seconds the process has used so far, or NaN off Linux. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return NaN;
  }
}

/** Keeps CONNECTIONS requests in flight for SECONDS; returns req/s and latency percentiles. */
async function load(port: number, pathname: string, headers: Record<string, string>, pid?: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: pathname, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => (errors++, resolve()));
    });
  const worker = async () => {
    while (Date.now() < end) await one();
  };
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpuUs = ((cpuSeconds(pid) - cpuBefore) * 1e6) / latencies.length;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors, cpuUs };
}

buildIfNeeded();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-key-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;

async function start(options: { fast: boolean; grantCacheSeconds?: number }) {
  const entry = [...(options.fast ? [path.join(import.meta.dirname, '..', 'lib', 'server-entry.mjs')] : []), path.join(standaloneDir, 'server.js')];
  server = spawn(process.execPath, entry, {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      NEXT_MANUAL_SIG_HANDLE: 'true',
      MIST_DATA_DIR: dataDir,
      MIST_ADMIN_EMAIL: 'bench@example.org',
      MIST_ADMIN_PASSWORD: 'bench password',
      MIST_KEY_MAX_PER_MINUTE_USER: '100000000',
      MIST_KEY_MAX_PER_MINUTE_IP: '100000000',
      ...(options.grantCacheSeconds === undefined ? {} : { MIST_KEY_GRANT_CACHE_SECONDS: String(options.grantCacheSeconds) }),
    },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM'); // MIST closes the database before it exits
  await exited;
}

const f = (r: Awaited<ReturnType<typeof load>>) =>
  `${r.rps.toFixed(0).padStart(5)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, server CPU ${Number.isNaN(r.cpuUs) ? '–' : r.cpuUs.toFixed(0)} µs/req, errors ${r.errors}`;

try {
  await start({ fast: true }); // the first way measured below
  // Sign in as next-auth's client does, upload a short track, start a session.
  const cookies = new Map<string, string>();
  const call = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(base + p, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      cookies.set(k!, v.join('='));
    }
    return res;
  };
  const { csrfToken } = await (await call('/api/auth/csrf')).json();
  await call('/api/auth/callback/credentials', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrfToken, email: 'bench@example.org', password: 'bench password', json: 'true' }) });
  const file = path.join(dataDir, 'tone.flac');
  await runTool(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', file]);
  const json = { 'content-type': 'application/json' };
  const slot = await (await call('/api/uploads', { method: 'POST', headers: json, body: JSON.stringify({ filename: 'tone.flac', size: fs.statSync(file).size, contentType: 'audio/flac' }) })).json();
  await call(slot.uploadUrl, { method: 'PUT', body: fs.readFileSync(file) });
  await call(`/api/uploads/${slot.trackId}/complete`, { method: 'POST' });
  for (;;) {
    const { track } = await (await call(`/api/tracks/${slot.trackId}`)).json();
    if (track.status === 'ready') break;
    if (track.status === 'failed') throw new Error(track.error);
    await new Promise((r) => setTimeout(r, 250));
  }
  await call('/api/listening/sessions', { method: 'POST', headers: json, body: JSON.stringify({ trackId: slot.trackId }) });
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keyPath = `/api/tracks/${slot.trackId}/key`;

  const bare = http.createServer((_req, res) => res.end(Buffer.alloc(16)));
  const barePort = await freePort();
  await new Promise<void>((r) => bare.listen(barePort, '127.0.0.1', r));
  const baseline = await load(barePort, '/', {});
  bare.close();
  console.log(`key route, ${CONNECTIONS} connections for ${SECONDS} s on loopback, ${os.cpus().length} cores (load generator in the same machine)`);
  console.log(`  bare node:http (16 bytes):          ${f(baseline)}`);

  const ways = [
    { label: 'MIST (npm start), grant cache:     ', fast: true },
    { label: 'MIST (npm start), no grant cache:  ', fast: true, grantCacheSeconds: 0 },
    { label: 'Next route handler, grant cache:   ', fast: false },
    { label: 'Next route handler, no grant cache:', fast: false, grantCacheSeconds: 0 },
  ];
  for (const [i, way] of ways.entries()) {
    if (i > 0) {
      await stop();
      await start(way);
    }
    if ((await fetch(base + keyPath, { headers: { cookie } })).status !== 200) throw new Error('the key route refused the bench listener');
    await load(port, keyPath, { cookie }); // warm-up
    const r = await load(port, keyPath, { cookie }, server!.pid);
    console.log(`  ${way.label} ${f(r)}  (${((r.rps / baseline.rps) * 100).toFixed(0)}% of bare)`);
  }
  console.log('  target: >= 2000 req/s, p99 <= 25 ms');
} finally {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
