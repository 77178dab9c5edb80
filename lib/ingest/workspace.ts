import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAtomically } from '@/lib/storage/atomic-file';
import type { Storage } from '@/lib/storage/types';
import { originalKey } from '@/lib/tracks/keys';

declare global {
  // On globalThis: Next bundles routes and instrumentation apart; one root per process.
  var __mistIngestRoot: string | undefined;
}

/**
 * This process's scratch root: made by mkdtemp, so its name cannot be guessed and it is
 * private (0700). A shared, predictable path would let another local user plant a file
 * the pipeline takes for the upload, or read what it writes.
 */
export function workRoot(): string {
  const known = globalThis.__mistIngestRoot;
  if (known && fs.existsSync(known)) return known;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-ingest-'));
  fs.chmodSync(root, 0o700);
  if (!known) process.once('exit', () => fs.rmSync(globalThis.__mistIngestRoot!, { recursive: true, force: true }));
  globalThis.__mistIngestRoot = root;
  return root;
}

/**
 * A track's scratch directory. Steps may run in another process or after a restart, so
 * each one makes sure the original is here before using it.
 */
export function workDir(trackId: string): string {
  return path.join(workRoot(), trackId);
}

/**
 * The original, fetched into the track's scratch directory unless it is already there.
 * Stages run side by side and each may fetch it at once: each download goes to a name of
 * its own and is renamed into place whole, so no stage reads a file another is writing.
 */
export async function ensureOriginal(storage: Storage, trackId: string): Promise<string> {
  const dir = workDir(trackId);
  const file = path.join(dir, 'source');
  const expected = await storage.size(originalKey(trackId));
  if (expected === null) throw new Error('The uploaded file is no longer in storage.');
  if (fs.existsSync(file) && fs.statSync(file).size === expected) return file;
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeAtomically(file, async (temp) => {
    await storage.downloadToFile(originalKey(trackId), temp);
    const got = (await fs.promises.stat(temp)).size;
    if (got !== expected) throw new Error(`Fetching the original gave ${got} bytes of ${expected}.`);
  });
  return file;
}

export function cleanWorkDir(trackId: string): void {
  fs.rmSync(workDir(trackId), { recursive: true, force: true });
}
