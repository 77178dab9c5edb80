// npm run bench:catalog -- [--tracks 100000] [--requests 50] [--data-dir DIR]
// Catalog pages with a big catalog: seeds N ready tracks (scripts/seed-catalog.ts) into a
// data directory, starts the built server on it and, as a signed-in listener, times the home
// page and searches (a rare word, common words, two words, typos, a broad one, no match): time to first
// byte and to the whole page, p50/p90/p99 over REQUESTS sequential requests on a kept-alive
// connection after 5 warm-ups. Target: TTFB p50 <= 50 ms.
// With --data-dir, a directory already seeded is reused (the server applies new migrations).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '../../tests/http/client';
import { startServer } from '../../tests/http/server';
import { buildIfNeeded, root } from '../lib/build.mjs';
import { tailWord } from '../lib/catalog-words';
import { ms, summary } from './lib/stats';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' }, requests: { type: 'string', default: '50' }, 'data-dir': { type: 'string' } } });
const REQUESTS = Number(values.requests);
const ADMIN = { email: 'bench@example.org', password: 'bench password' };
const LISTENER = { email: 'listener@example.org', password: 'listener password', displayName: 'Listener' };
// Common words match thousands of tracks; the rare word (Zipf rank 1,000) a handful.
const rare = tailWord(1000);
const QUERIES = [rare, `${rare.slice(0, -2)}${rare.at(-1)}${rare.at(-2)}`, 'harbor', 'harbr', 'velvet harbor', 'midnigth ravne', 'the neon', 'zzqx'];
const PAGES = ['/', ...QUERIES.map((q) => `/search?q=${encodeURIComponent(q)}`)];

buildIfNeeded();
const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-catalog-'));
if (!fs.existsSync(path.join(dataDir, 'db'))) {
  const t = performance.now();
  const seeded = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.join(root, 'scripts', 'seed-catalog.ts'), '--tracks', values.tracks, '--data-dir', dataDir], { cwd: root, stdio: 'inherit' });
  if (seeded.status !== 0) process.exit(1);
  console.log(`(seeding took ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
const server = await startServer({ dataDir, env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
try {
  const listener = new Client(server.url);
  const signup = await listener.request('/api/signup', { method: 'POST', json: LISTENER });
  if (signup.status !== 201 && signup.status !== 409) throw new Error(`sign-up: HTTP ${signup.status} ${await signup.text()}`);
  if ((await listener.signIn(LISTENER.email, LISTENER.password)).error) throw new Error('the listener could not sign in');
  const cookie = `next-auth.session-token=${listener.cookie('next-auth.session-token')}`;

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { port } = new URL(server.url);
  /** One GET: ms to the first byte of the body, and to its end. */
  const get = (pathname: string) =>
    new Promise<{ ttfb: number; total: number; status: number }>((resolve, reject) => {
      const t = performance.now();
      let ttfb = 0;
      http
        .get({ host: '127.0.0.1', port, path: pathname, agent, headers: { cookie, 'accept-encoding': 'identity' } }, (res) => {
          res.on('data', () => (ttfb ||= performance.now() - t));
          res.on('end', () => resolve({ ttfb, total: performance.now() - t, status: res.statusCode ?? 0 }));
        })
        .on('error', reject);
    });

  console.log(`\ncatalog pages, ${values.tracks} ready tracks, signed-in listener, ${REQUESTS} sequential requests each, ${os.cpus().length} cores`);
  for (const page of PAGES) {
    for (let i = 0; i < 5; i++) await get(page);
    const runs = [];
    for (let i = 0; i < REQUESTS; i++) runs.push(await get(page));
    const bad = runs.find((r) => r.status !== 200);
    if (bad) throw new Error(`${page}: HTTP ${bad.status}`);
    const ttfb = summary(runs.map((r) => r.ttfb));
    const total = summary(runs.map((r) => r.total));
    const verdict = ttfb.p50 <= 50 ? 'met' : 'NOT met';
    console.log(`  ${decodeURIComponent(page).padEnd(28)} TTFB p50 ${ms(ttfb.p50)}, p90 ${ms(ttfb.p90)}, p99 ${ms(ttfb.p99)};  whole page p50 ${ms(total.p50)}  (target p50 <= 50 ms: ${verdict})`);
  }
  agent.destroy();
} finally {
  await server.stop();
  if (!values['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
}
