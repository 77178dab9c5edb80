import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/jobs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-crash-'));
const marker = path.join(dir, 'marks.txt');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function worker(phase: 'first' | 'second') {
  // tsx as a loader in this very process (not its CLI, which runs the script in a child that
  // a SIGKILL of the CLI would leave running): the kill below must be a real crash.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/fixtures/crash-worker.ts', dir, marker, phase], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

const marks = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim().split('\n') : []);

describe('a job in flight when the process dies', () => {
  it('resumes after a restart without running finished steps again', async () => {
    const first = worker('first');
    await waitFor('step two to start', async () => marks().includes('two'), 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(marks()).toEqual(['one', 'two']);

    const second = worker('second');
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('RESULT {"status":"completed","output":3}');
    // Step one finished before the crash and is not run again; step two was cut off and is.
    expect(marks()).toEqual(['one', 'two', 'two', 'three']);
  }, 60_000);
});
