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

/**
 * `procStart` (Linux) is the holder's start time in clock ticks since boot: with the pid it
 * names one process, never a later one that was given the same pid. Locks written by older
 * versions of MIST lack it.
 */
type LockInfo = { pid: number; host: string; startedAt: string; token: string; procStart?: string };

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
    procStart: procStat(process.pid)?.startTicks,
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
      // The holder died without cleaning up (crash, SIGKILL), or its pid now belongs to
      // another program: the lock is stale.
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
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(lock.pid);
  if (stat === undefined) return true; // no /proc: a signal is all there is to go by
  if (stat === null) return false;
  // A crashed server its supervisor has not reaped yet is a zombie: signals still "reach"
  // it, but it will never touch the directory again.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  if (lock.procStart) return stat.startTicks === lock.procStart;
  return looksLikeMist(lock.pid);
}

/**
 * State and start time of a process from /proc/<pid>/stat: null when there is no such
 * process, undefined when this system has no /proc.
 */
export function procStat(pid: number): { state: string; startTicks: string } | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return fs.existsSync('/proc/self/stat') ? null : undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  // Field 3 is the state, field 22 the start time.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTicks: fields[19] ?? '' };
}

/** For a lock without a start time: is the pid's program node (MIST, `next-server`) at all? */
function looksLikeMist(pid: number): boolean {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return true; // cannot tell: keep the lock
  }
  return /^(node|nodejs|node\d+)$/.test(path.basename(argv[0] ?? '')) || /next-server|mist/i.test(argv.join(' '));
}
