import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite takes no lock of its own: two processes on one data directory both "succeed" and
 * writes are silently lost. MIST holds `<dataDir>/mist.lock` (pid and host) while it runs.
 */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: string) {
    super(
      `The data directory ${dataDir} is in use by another MIST process (${holder}). ` +
        'Stop that process first, or give this one its own MIST_DATA_DIR. ' +
        `If no MIST process is running, delete ${path.join(dataDir, 'mist.lock')}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

type LockInfo = { pid: number; host: string; startedAt: string; token: string };

declare global {
  var __mistLockToken: string | undefined;
}

export function acquireDataDirLock(dataDir: string): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'mist.lock');
  globalThis.__mistLockToken ??= crypto.randomUUID();
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    token: globalThis.__mistLockToken,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readLock(file)?.pid === mine.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      if (holder && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, `pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}`);
      }
      // The holder died without cleaning up (crash, SIGKILL): the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, 'a process that keeps re-creating the lock');
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(lock: LockInfo): boolean {
  // A lock from another host (a shared volume) cannot be checked: assume it is held.
  if (lock.host !== os.hostname()) return true;
  // In a container every start may get the same pid: our pid with another token is a
  // previous life; with our token, this process already holds the directory.
  if (lock.pid === process.pid) return lock.token === globalThis.__mistLockToken;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
