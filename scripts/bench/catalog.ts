// npm run bench:catalog -- [--tracks 100000] [--requests 50] [--data-dir DIR]
//   [--database-url=postgres://... [--keep-database] [--both]]
// Catalog pages with a big catalog: seeds N ready tracks (scripts/seed-catalog.ts, which
// analyzes the tables after) into a fresh database, starts the built server on it and, as a
// signed-in listener, times the home page and searches (a rare word, common words, two words,
// typos, a broad one, no match): time to first byte and to the whole page, p50/p90/p99 over
// REQUESTS sequential requests on a kept-alive connection after 5 warm-ups.
// Target: TTFB p50 <= 50 ms.
// The database: PGlite in a data directory (with --data-dir, a directory already seeded is
// reused; the server applies new migrations), or with --database-url a database made for the
// run on that PostgreSQL and dropped after it (kept with --keep-database). --both runs PGlite
// and then PostgreSQL, and prints the two side by side.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '../../tests/http/client';
import { buildIfNeeded, root } from '../lib/build.mjs';
import { tailWord } from '../lib/catalog-words';
import { startServer } from '../lib/server';
import { benchDatabase } from './lib/bench-database';
import { cpuUsedBetween, sampleCpu } from './lib/process-stats';
import { ms, summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '50' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    'keep-database': { type: 'boolean', default: false },
    both: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(values.requests);
const ADMIN = { email: 'bench@example.org', password: 'bench password' };
const LISTENER = { email: 'listener@example.org', password: 'listener password', displayName: 'Listener' };
// Common words match thousands of tracks; the rare word (Zipf rank 1,000) a handful.
const rare = tailWord(1000);
const QUERIES = [rare, `${rare.slice(0, -2)}${rare.at(-1)}${rare.at(-2)}`, 'harbor', 'harbr', 'velvet harbor', 'midnigth ravne', 'the neon', 'zzqx'];
const PAGES = ['/', ...QUERIES.map((q) => `/search?q=${encodeURIComponent(q)}`)];
if (values.both && !values['database-url']) {
  console.error('--both compares PGlite with the PostgreSQL given by --database-url');
  process.exit(2);
}

type Summary = ReturnType<typeof summary>;
type Figures = Map<string, { ttfb: Summary; total: Summary }>;

/** Seeds the catalog into PGlite in `dataDir`, or into the PostgreSQL database at `databaseUrl`. */
function seedCatalog(dataDir: string, databaseUrl?: string) {
  const t = performance.now();
  const where = databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', dataDir];
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const seeded = spawnSync(tsx, ['--conditions=react-server', path.join(root, 'scripts', 'seed-catalog.ts'), '--tracks', values.tracks, ...where], { cwd: root, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seeding failed (see above)');
  console.log(`(seeding took ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

/** Times every page against a fresh server on the given database. */
async function timePages(label: string, databaseUrl?: string, databaseName?: string): Promise<Figures> {
  const reuse = !databaseUrl && values['data-dir'];
  const dataDir = reuse ? path.resolve(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-catalog-'));
  const figures: Figures = new Map();
  try {
    if (databaseUrl || !fs.existsSync(path.join(dataDir, 'db'))) seedCatalog(dataDir, databaseUrl);
    const server = await startServer({ dataDir, env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) } });
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

      console.log(`\ncatalog pages on ${label}, ${values.tracks} ready tracks, signed-in listener, ${REQUESTS} sequential requests each, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
      const cpuBefore = sampleCpu([server.child.pid!], databaseName);
      for (const page of PAGES) {
        for (let i = 0; i < 5; i++) await get(page);
        const runs = [];
        for (let i = 0; i < REQUESTS; i++) runs.push(await get(page));
        const bad = runs.find((r) => r.status !== 200);
        if (bad) throw new Error(`${page}: HTTP ${bad.status}`);
        const ttfb = summary(runs.map((r) => r.ttfb));
        const total = summary(runs.map((r) => r.total));
        figures.set(page, { ttfb, total });
        const verdict = ttfb.p50 <= 50 ? 'met' : 'NOT met';
        console.log(`  ${decodeURIComponent(page).padEnd(28)} TTFB p50 ${ms(ttfb.p50)}, p90 ${ms(ttfb.p90)}, p99 ${ms(ttfb.p99)};  whole page p50 ${ms(total.p50)}  (target p50 <= 50 ms: ${verdict})`);
      }
      // Requests go one at a time: the server, this process and PostgreSQL share about one core,
      // so the rest of the machine busy for much of the other one means the figures are disturbed.
      const used = cpuUsedBetween(cpuBefore, sampleCpu([server.child.pid!], databaseName));
      const share = (s: number) => `${((100 * s) / used.seconds).toFixed(0)}%`;
      const pg = databaseName ? `, PostgreSQL backends ${share(used.postgres)}` : '';
      console.log(`  (meanwhile: server CPU ${share(used.servers[0]!)} of a core${pg}, the rest of the machine ${share(used.others)}, some task waited for a CPU ${share(used.waiting)} of the time; load average at the end ${os.loadavg()[0]!.toFixed(1)})`);
      agent.destroy();
    } finally {
      await server.stop();
    }
  } finally {
    if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

buildIfNeeded();
const runs: [string, Figures][] = [];
if (!values['database-url'] || values.both) runs.push(['PGlite', await timePages('PGlite')]);
if (values['database-url']) {
  const database = await benchDatabase(values['database-url'], values['keep-database']);
  try {
    runs.push(['PostgreSQL', await timePages(database.label, database.url, database.name)]);
  } finally {
    await database.done();
  }
}
if (runs.length > 1) {
  const cell = (f?: { ttfb: Summary }) => (f ? `${ms(f.ttfb.p50)} / ${ms(f.ttfb.p99)}` : '-').padEnd(20);
  console.log(`\n  ${'TTFB p50 / p99'.padEnd(28)}${runs.map(([name]) => name.padEnd(20)).join('')}`);
  for (const page of PAGES) console.log(`  ${decodeURIComponent(page).padEnd(28)}${runs.map(([, f]) => cell(f.get(page))).join('')}`);
}
