import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/jobs';
import { freshPostgres, testPostgresUrl } from '../helpers/postgres';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Where the worker keeps its database: a PGlite data directory, or a PostgreSQL URL. */
type WorkerDatabase = () => Promise<{ target: string; stop(): Promise<void> }>;
const onPglite: WorkerDatabase = async () => ({ target: path.join(dir, 'db'), stop: async () => {} });
const onPostgres: WorkerDatabase = async () => {
  const pg = await freshPostgres();
  return { target: pg.url, stop: () => pg.stop() };
};
const DATABASES: [string, WorkerDatabase][] = [['PGlite', onPglite], ...(testPostgresUrl() ? [['PostgreSQL', onPostgres] as [string, WorkerDatabase]] : [])];

function worker(target: string, marker: string, phase: 'first' | 'second') {
  // tsx as a loader in this very process (not its CLI, which runs the script in a child that
  // a SIGKILL of the CLI would leave running): the kill below must be a real crash.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/fixtures/crash-worker.ts', target, marker, phase], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

describe.each(DATABASES)('a job in flight when the process dies, on %s', (name, make) => {
  const marker = path.join(dir, `marks-${name}.txt`);
  const marks = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim().split('\n') : []);
  let db: Awaited<ReturnType<typeof make>>;
  beforeAll(async () => {
    db = await make();
  });
  afterAll(() => db?.stop());

  it('resumes after a restart without running finished steps again', async () => {
    const first = worker(db.target, marker, 'first');
    await waitFor('step two to start', async () => marks().includes('two'), 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(marks()).toEqual(['one', 'two']);

    const second = worker(db.target, marker, 'second');
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('RESULT {"status":"completed","output":3}');
    // Step one finished before the crash and is not run again; step two was cut off and is.
    expect(marks()).toEqual(['one', 'two', 'two', 'three']);
  }, 60_000);
});
