// npm start: build when the sources changed, then serve on embedded defaults (or .env).
// Migrations run as the server starts (instrumentation.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root, SERVER_MALLOC_ENV, SERVER_NODE_ARGS, serverNodeOptions, standaloneDir } from './lib/build.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`[mist] MIST needs Node 24; this is Node ${process.versions.node}. Run it with "npm start", which uses the Node 24 that npm installed.`);
  process.exit(1);
}

buildIfNeeded();

// Settings from .env, if present; variables already in the environment win.
const envFile = path.join(root, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
// The standalone server changes its working directory: make the data directory absolute here.
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  // MIST stops itself on SIGTERM/SIGINT (jobs reach a saved state, the database closes).
  NEXT_MANUAL_SIG_HANDLE: 'true',
  HOSTNAME: process.env.HOST ?? '0.0.0.0',
  NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS),
};
for (const [name, value] of Object.entries(SERVER_MALLOC_ENV)) env[name] ??= value;
if (process.env.MIST_DATA_DIR) env.MIST_DATA_DIR = path.resolve(root, process.env.MIST_DATA_DIR);
else env.MIST_DATA_DIR = path.join(root, 'data');

const entry = path.join(root, 'scripts', 'lib', 'server-entry.mjs');
const child = spawn(process.execPath, [...SERVER_NODE_ARGS, entry, path.join(standaloneDir, 'server.js')], { stdio: 'inherit', env, cwd: root });
// Stopping: a signal to this process goes to the server, which stops cleanly (lib/boot.ts), and
// this process ends with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
// `npm start` runs this through `sh -c`, which would end on a signal npm passes it without
// passing it on: package.json's `exec` makes npm this process's parent, and npm passes SIGTERM
// and SIGINT here. SIGHUP (or SIGKILL) to npm ends npm alone: when the process that started
// this one is gone, the server is stopped as if it had been sent SIGTERM, rather than left
// running with the port and the data directory.
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphaned);
  child.kill('SIGTERM');
}, 250).unref();
