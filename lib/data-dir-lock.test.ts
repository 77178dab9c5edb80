import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('acquireDataDirLock', () => {
  it('refuses a second opener while the first holds the directory', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it('refuses another live process, naming it', () => {
    const dir = tempDir();
    // The parent process (vitest's) is alive and is not this one.
    const other = { pid: process.ppid, host: os.hostname(), startedAt: 'earlier', token: 'other' };
    fs.writeFileSync(path.join(dir, 'mist.lock'), JSON.stringify(other));
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by another MIST process \\(pid ${process.ppid}`));
  });

  it('takes over the lock of a process that died', () => {
    const dir = tempDir();
    const dead = spawnSync('true');
    const stale = { pid: dead.pid, host: os.hostname(), startedAt: 'earlier', token: 'gone' };
    fs.writeFileSync(path.join(dir, 'mist.lock'), JSON.stringify(stale));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'mist.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'mist.lock'))).toBe(false);
  });
});
