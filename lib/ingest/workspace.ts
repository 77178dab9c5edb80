import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Storage } from '@/lib/storage/types';
import { originalKey } from '@/lib/tracks/keys';

/**
 * A track's scratch directory. Steps may run in another process or after a restart, so
 * each one makes sure the original is here before using it.
 */
export function workDir(trackId: string): string {
  return path.join(os.tmpdir(), 'mist-ingest', trackId);
}

export async function ensureOriginal(storage: Storage, trackId: string): Promise<string> {
  const dir = workDir(trackId);
  const file = path.join(dir, 'source');
  const expected = await storage.size(originalKey(trackId));
  if (expected === null) throw new Error('The uploaded file is no longer in storage.');
  if (fs.existsSync(file) && fs.statSync(file).size === expected) return file;
  fs.mkdirSync(dir, { recursive: true });
  await storage.downloadToFile(originalKey(trackId), file);
  return file;
}

export function cleanWorkDir(trackId: string): void {
  fs.rmSync(workDir(trackId), { recursive: true, force: true });
}
