// npm test: every suite (unit, integration on PGlite, a real PostgreSQL and Redis, HTTP against
// the built server, browser), then one closing line with the totals: "N passed, N failed".
// PostgreSQL: TEST_DATABASE_URL, else a local one with pgvector (scripts/lib/test-postgres.mjs);
// without one its suites are left out and the summary says so. MIST_TEST_REQUIRE_POSTGRES=1
// (.ci/run) makes that a failure.
import { spawnSync } from 'node:child_process';
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

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mist-test-')), 'report.json');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });

let passed = 0;
let failed = 0;
let onPostgres = 0;
if (fs.existsSync(report)) {
  const results = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numFailedTestSuites > 0 && results.numFailedTests === 0 ? results.numFailedTestSuites : 0);
  // Suites on the real PostgreSQL carry it in their name ("… on PostgreSQL").
  for (const file of results.testResults) {
    for (const test of file.assertionResults) if (test.status === 'passed' && /PostgreSQL/.test(test.fullName)) onPostgres++;
  }
} else {
  failed = 1; // vitest died before reporting: count it, never report a clean run.
}
if (run.status !== 0 && failed === 0) failed = 1;

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
