import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, procStat } from './data-dir-lock';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const lockFile = (dir: string) => path.join(dir, 'mist.lock');
const writeLock = (dir: string, lock: object) => fs.writeFileSync(lockFile(dir), JSON.stringify({ host: os.hostname(), startedAt: 'earlier', token: 'other', ...lock }));
const holderPid = (dir: string) => JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid as number;

async function until(what: string, check: () => boolean, ms = 15_000) {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Another MIST (node on this very module) that takes the lock of `dir`, then runs `then`. */
const mistProcess = (dir: string, then: string) =>
  `import { acquireDataDirLock } from ${JSON.stringify(path.resolve('lib/data-dir-lock.ts'))}; acquireDataDirLock(${JSON.stringify(dir)}); ${then}`;

/**
 * A MIST that took the lock and was killed (no exit handler ran), under a parent that never
 * reaps it (sh exec'd into sleep): a zombie, as after a crash under a slow supervisor.
 */
async function zombieHolder(dir: string): Promise<number> {
  const parent = spawn('sh', ['-c', '"$0" --input-type=module -e "$1" & echo $!; exec sleep 60', process.execPath, mistProcess(dir, "process.kill(process.pid, 'SIGKILL');")], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(parent);
  let out = '';
  parent.stdout!.on('data', (chunk) => (out += chunk));
  await until('the holder pid', () => out.includes('\n'));
  const pid = Number(out.trim());
  await until('the holder to be a zombie', () => procStat(pid)?.state === 'Z');
  return pid;
}

describe('acquireDataDirLock', () => {
  it('refuses a second opener while the first holds the directory', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it('refuses another live MIST process, naming it', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['--input-type=module', '-e', mistProcess(dir, 'setInterval(() => {}, 1000);')], { stdio: 'inherit' });
    children.push(other);
    await until('the other process to hold the lock', () => fs.existsSync(lockFile(dir)));
    expect(holderPid(dir)).toBe(other.pid);
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by another MIST process \\(pid ${other.pid}`));
  });

  it('refuses a live node process named by a lock from an older MIST (no start time)', () => {
    const dir = tempDir();
    // The parent process (vitest's node) is alive and is not this one.
    writeLock(dir, { pid: process.ppid });
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by another MIST process \\(pid ${process.ppid}`));
  });

  it('takes over the lock of a process that died', () => {
    const dir = tempDir();
    const dead = spawnSync('true');
    writeLock(dir, { pid: dead.pid, token: 'gone' });
    const lock = acquireDataDirLock(dir);
    expect(holderPid(dir)).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over the lock of a crashed MIST that its parent has not reaped yet (a zombie)', async () => {
    const dir = tempDir();
    const zombie = await zombieHolder(dir);
    expect(holderPid(dir)).toBe(zombie);
    const lock = acquireDataDirLock(dir);
    expect(holderPid(dir)).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another program', async () => {
    const dir = tempDir();
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(other);
    await until('sleep to run', () => procStat(other.pid!)?.state === 'S');
    // The pid was recycled: the holder the lock names started at another time.
    writeLock(dir, { pid: other.pid, procStart: '1' });
    acquireDataDirLock(dir).release();
    // An older lock (no start time) naming a program that is not node is stale too.
    writeLock(dir, { pid: other.pid });
    acquireDataDirLock(dir).release();
  });
});
