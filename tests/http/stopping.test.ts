import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/lib/build.mjs';
import { pgliteTemplate } from '../../scripts/lib/pglite-template';
import { freePort } from '../../scripts/lib/ports';
import { startServer, type RunningServer } from './server';

// `kill <pid of npm start>`, as a service manager or a script stops MIST: everything `npm start`
// started ends, the port and the data directory are free again. The build is current here (the
// project's global setup built it), so `npm start` goes straight to serving.

/** Every process whose parent chain leads to `pid` (read from /proc), with its command line. */
function descendants(pid: number): Map<number, string> {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses; the last ")" ends it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while we read.
    }
  }
  const found = new Map<number, string>();
  for (const candidate of parentOf.keys()) {
    for (let p = parentOf.get(candidate); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === pid) {
        found.set(candidate, commandLine(candidate));
        break;
      }
    }
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Whether the process still exists (a zombie no longer counts: it holds nothing). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

type NpmStart = { child: ChildProcess; port: number; dataDir: string; output: () => string; exited: Promise<unknown>; tree: Map<number, string> };
const started: NpmStart[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  // Whatever a failed test left: its whole tree, by the pids it had while running.
  for (const s of started) for (const pid of [s.child.pid!, ...s.tree.keys()]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(servers.map((s) => s.stop()));
});

/** `npm start` as a user runs it, with its own port and data directory; resolves once healthy. */
async function npmStart(): Promise<NpmStart> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-stop-'));
  fs.cpSync((await pgliteTemplate()).dir, path.join(dataDir, 'db'), { recursive: true });
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), MIST_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const s: NpmStart = { child, port, dataDir, output: () => log, exited, tree: new Map() };
  started.push(s);
  const healthy = await until(() => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false), 90_000);
  if (!healthy) throw new Error(`npm start did not become healthy. Its output:\n${log}`);
  return s;
}

describe('stopping npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to the npm start process stops everything it started and frees the port and data directory`, async () => {
      const s = await npmStart();
      const tree = descendants(s.child.pid!);
      s.tree = tree;
      // npm's shell, the start script, then the server (Next names its process next-server).
      expect([...tree.values()].some((cmd) => cmd.includes('scripts/start.mjs'))).toBe(true);
      expect([...tree.values()].some((cmd) => /next-server|server-entry\.mjs/.test(cmd))).toBe(true);

      process.kill(s.child.pid!, signal);
      const ended = await until(() => [s.child.pid!, ...tree.keys()].every((pid) => !alive(pid)), 15_000);
      const left = [...tree].filter(([pid]) => alive(pid)).map(([pid, cmd]) => `${pid} ${cmd}`);
      expect(left, `still running after ${signal}:\n${left.join('\n')}\n${s.output()}`).toEqual([]);
      expect(ended).toBe(true);
      expect(await portFree(s.port)).toBe(true);
      // Stopped cleanly (jobs saved, database closed), not killed.
      expect(s.output()).toMatch(/\[mist\] stopped \(SIG[A-Z]+\)/);

      // The data directory is free: a new server on it starts (a held lock would refuse it).
      const again = await startServer({ dataDir: s.dataDir });
      servers.push(again);
      expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
      await again.stop();
    });
  }
});
