import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_MALLOC_ENV, SERVER_NODE_ARGS, SERVER_NODE_OPTIONS, standaloneDir } from './build.mjs';
import { pgliteTemplate } from './pglite-template';
import { freePort } from './ports';

export type RunningServer = {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

export type ServerOptions = {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  waitForHealth?: boolean;
  /** Node flags before the entry script, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: string[];
  /**
   * Without `dataDir` or DATABASE_URL, the embedded database starts as a copy of a migrated
   * one (scripts/lib/pglite-template.ts) unless this is 'new': an empty data directory, as on
   * a first install.
   */
  database?: 'template' | 'new';
};

/**
 * Starts the built standalone server (what `npm start` and the Docker image run) on a free
 * port with its own data directory, and waits until /api/health answers. Used by the HTTP
 * tests and the benchmarks.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mist-http-'));
  if (!options.dataDir && !options.env?.DATABASE_URL && options.database !== 'new') {
    fs.cpSync((await pgliteTemplate()).dir, path.join(dataDir, 'db'), { recursive: true });
  }
  // The same entry as npm start and Docker (scripts/lib/server-entry.mjs).
  const entry = path.join(import.meta.dirname, 'server-entry.mjs');
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...(options.nodeArgs ?? []), entry, path.join(standaloneDir, 'server.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_MANUAL_SIG_HANDLE: 'true',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      MIST_DATA_DIR: dataDir,
      NODE_OPTIONS: SERVER_NODE_OPTIONS,
      ...SERVER_MALLOC_ENV,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    dataDir,
    child,
    output: () => log,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
  if (options.waitForHealth === false) return server;
  const deadline = Date.now() + 60_000;
  let ended = false;
  void exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 150));
  }
  await server.stop();
  throw new Error(`The server did not become healthy. Its output:\n${log}`);
}
