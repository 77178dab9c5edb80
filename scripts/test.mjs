// npm test: every suite (unit, integration on PGlite, a real PostgreSQL and Redis, HTTP against
// the built server, browser), then one closing line with the totals: "N passed, N failed".
// PostgreSQL: TEST_DATABASE_URL, else a local one with pgvector (scripts/lib/test-postgres.mjs);
// without one its suites are left out and the summary says so. MIST_TEST_REQUIRE_POSTGRES=1
// (.ci/run) makes that a failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib/build.mjs';
import { findTestPostgres } from './lib/test-postgres.mjs';

const requirePostgres = process.env.MIST_TEST_REQUIRE_POSTGRES === '1';
const pg = await findTestPostgres();
const env = { ...process.env };
if (pg.url) env.TEST_DATABASE_URL = pg.url;
else delete env.TEST_DATABASE_URL;

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

/**
 * Runs vitest with a JSON report; resolves with its exit status and the report (or null).
 * `quiet` keeps its output until it ends (two runs side by side would interleave lines).
 */
function runVitest(extraArgs, runEnv, { quiet = false } = {}) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mist-test-')), 'report.json');
  const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: root, env: runEnv, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (quiet) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  return new Promise((resolve) => {
    child.on('close', (status) => {
      if (quiet) process.stdout.write(output);
      resolve({ status, results: fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null });
    });
  });
}

/** A Redis URL on database `db` (side-by-side runs keep their keys apart), unless it names one. */
function onRedisDb(url, db) {
  if (!url) return url;
  const u = new URL(url);
  if (u.pathname && u.pathname !== '/') return url;
  u.pathname = `/${db}`;
  return u.toString();
}

/** Builds the app when its sources changed, in a child process: this one keeps reading output. */
function buildInChild() {
  const script = `const { buildIfNeeded } = await import(${JSON.stringify(path.join(root, 'scripts', 'lib', 'build.mjs'))}); buildIfNeeded();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env, stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (status) => resolve(status)));
}

const given = process.argv.slice(2);
let runs;
if (given.length > 0) {
  runs = [await runVitest(given, env)];
} else {
  // The whole suite as three runs side by side, one file at a time each (2 cores): the unit and
  // integration suites from the start, and once the app is built (meanwhile), the HTTP suites
  // and the browser suites. Only the HTTP run prints as it goes; the others print when they
  // end. Each run has a Redis database of its own.
  const redis = (db) => ({ ...env, TEST_REDIS_URL: onRedisDb(env.TEST_REDIS_URL, db) });
  const fast = runVitest(['--project', 'unit', '--project', 'integration', '--maxWorkers=1'], redis(1), { quiet: true });
  if ((await buildInChild()) !== 0) {
    runs = [...(await Promise.all([fast])), { status: 1, results: null }];
  } else {
    const served = runVitest(['--project', 'http'], redis(2));
    const browser = runVitest(['--project', 'browser'], redis(3), { quiet: true });
    runs = await Promise.all([fast, served, browser]);
  }
}

let passed = 0;
let failed = 0;
let onPostgres = 0;
for (const run of runs) {
  if (run.results) {
    const results = run.results;
    passed += results.numPassedTests;
    const failedHere = results.numFailedTests + (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? results.numFailedTestSuites : 0);
    failed += failedHere;
    // Suites on the real PostgreSQL carry it in their name ("… on PostgreSQL").
    for (const file of results.testResults) {
      for (const test of file.assertionResults) if (test.status === 'passed' && /PostgreSQL/.test(test.fullName)) onPostgres++;
    }
    if (run.status !== 0 && failedHere === 0) failed += 1;
  } else {
    failed += 1; // vitest died before reporting: count it, never report a clean run.
  }
}

if (!pg.url) {
  console.log(`\nPostgreSQL suites NOT run: ${pg.reason}.`);
  console.log('  The tests ran on PGlite only. To run them on PostgreSQL too, set TEST_DATABASE_URL to a');
  console.log('  PostgreSQL with pgvector whose role may create databases (README, "Tests").');
} else {
  console.log(`\n${onPostgres} tests passed on PostgreSQL (${pg.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}).`);
}
if (requirePostgres && onPostgres === 0 && process.argv.length <= 2) {
  console.log('MIST_TEST_REQUIRE_POSTGRES=1 but no test ran on PostgreSQL: counted as a failure.');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
