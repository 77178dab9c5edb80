// Builds the standalone server when the sources changed since the last build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const standaloneDir = path.join(root, '.next', 'standalone');
const stampFile = path.join(root, '.next', 'mist-source-hash');

const sourceDirs = ['app', 'components', 'lib', 'db', 'inngest', 'public'];
// client-address.mjs: lib/env.ts validates MIST_TRUST_PROXY with it.
const sourceFiles = ['scripts/lib/client-address.mjs', 'next.config.ts', 'package-lock.json', 'proxy.ts', 'instrumentation.ts', 'postcss.config.mjs', 'tsconfig.json'];

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

/**
 * Node options the server runs with (npm start, the Docker image, tests, benches) unless
 * NODE_OPTIONS says otherwise. The old-generation cap keeps V8 from growing its heap to
 * several times the live data before collecting (~80 MB live under 1,000 listeners; without
 * the cap the heap grew past 400 MB).
 */
export const SERVER_NODE_OPTIONS = '--max-old-space-size=384';

/**
 * The C allocator's settings for the server (glibc; others ignore them). Fewer malloc arenas
 * and giving freed memory back sooner: V8's compiler threads allocate hundreds of MB for a
 * moment while compiling PGlite's largest functions, and by default glibc kept most of it
 * (idle RSS ~450 MB with the defaults, ~310 MB with these).
 */
export const SERVER_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' };

/** Node flags the server runs with, before the entry script. */
export const SERVER_NODE_ARGS = [];

/** NODE_OPTIONS for the server: the given ones, plus the heap cap unless they set one. */
export function serverNodeOptions(given = process.env.NODE_OPTIONS) {
  if (given?.includes('--max-old-space-size')) return given;
  return [given, SERVER_NODE_OPTIONS].filter(Boolean).join(' ');
}

/** A hash of everything that goes into the build (tests excluded). */
export function sourceHash() {
  const hash = createHash('sha256');
  const files = [...sourceDirs.flatMap((d) => [...walk(path.join(root, d))]), ...sourceFiles.map((f) => path.join(root, f))];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function buildIsCurrent() {
  return (
    fs.existsSync(path.join(standaloneDir, 'server.js')) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === sourceHash()
  );
}

/** `next build`, then the copies the standalone server needs (as the Dockerfile does). */
export function build() {
  const hash = sourceHash();
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const result = spawnSync(process.execPath, [next, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) {
    console.error('[mist] the build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
  fs.cpSync(path.join(root, '.next', 'static'), path.join(standaloneDir, '.next', 'static'), { recursive: true });
  fs.cpSync(path.join(root, 'public'), path.join(standaloneDir, 'public'), { recursive: true });
  fs.writeFileSync(stampFile, hash);
}

export function buildIfNeeded() {
  if (buildIsCurrent()) return false;
  console.log('[mist] building (the sources changed since the last build)…');
  build();
  return true;
}
