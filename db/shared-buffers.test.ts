import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteSharedBuffersMb } from './client';

const dirs: string[] = [];
/** A data directory whose `base` holds files of these sizes (sparse: no disk used). */
function dataDir(sizesMb: number[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-buffers-'));
  dirs.push(dir);
  sizesMb.forEach((mb, i) => {
    const at = path.join(dir, 'base', String(5 + (i % 2)));
    fs.mkdirSync(at, { recursive: true });
    const file = path.join(at, String(16384 + i));
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, mb * 1024 * 1024);
  });
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('PGlite shared buffers, sized for the database it opens', () => {
  it('keeps 32 MB for a new or small database, and in memory', () => {
    expect(pgliteSharedBuffersMb(undefined)).toBe(32);
    expect(pgliteSharedBuffersMb(path.join(os.tmpdir(), 'mist-no-such-dir'))).toBe(32);
    expect(pgliteSharedBuffersMb(dataDir([7, 9]))).toBe(32);
  });

  it('grows in steps of 16 MB with the whole database (every file under base), up to 128 MB', () => {
    expect(pgliteSharedBuffersMb(dataDir([20, 20]))).toBe(48);
    expect(pgliteSharedBuffersMb(dataDir([50, 27, 20, 4]))).toBe(112);
    expect(pgliteSharedBuffersMb(dataDir([137]))).toBe(128);
    expect(pgliteSharedBuffersMb(dataDir([900, 400]))).toBe(128);
  });
});

describe('openPglite', () => {
  it('opens a large database with the larger buffers, and a small one with 32 MB', async () => {
    const { openPglite } = await import('./client');
    const { pgliteTemplate } = await import('../scripts/lib/pglite-template');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-buffers-db-'));
    dirs.push(dir);
    fs.cpSync((await pgliteTemplate()).dir, dir, { recursive: true });
    const shown = async () => {
      const h = await openPglite(dir);
      try {
        const result = (await h.db.execute(sql`show shared_buffers`)) as unknown as { rows: { shared_buffers: string }[] };
        return result.rows[0]!.shared_buffers;
      } finally {
        await h.close();
      }
    };
    expect(await shown()).toBe('32MB');
    // A file PostgreSQL does not know stands in for a large library's tables (sparse: no disk used).
    const padding = path.join(dir, 'base', 'mist-test-padding');
    fs.closeSync(fs.openSync(padding, 'w'));
    fs.truncateSync(padding, 140 * 1024 * 1024);
    expect(await shown()).toBe('128MB');
  }, 60_000);
});
