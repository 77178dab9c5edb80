import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '@/lib/storage/local';
import type { Storage } from '@/lib/storage/types';
import { originalKey } from '@/lib/tracks/keys';
import { cleanWorkDir, ensureOriginal, workDir, workRoot } from './workspace';

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-workspace-media-'));
const storage = createLocalStorage(mediaRoot);
const planted: string[] = [];
afterAll(() => [mediaRoot, ...planted].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function storedOriginal(size = 32 * 1024) {
  const id = randomUUID();
  const bytes = randomBytes(size);
  await storage.putBytes(originalKey(id), bytes, { contentType: 'application/octet-stream' });
  return { id, bytes };
}

describe('the ingest workspace', () => {
  it('is private (0700) and its name cannot be guessed', async () => {
    const root = workRoot();
    expect(root).not.toBe(path.join(os.tmpdir(), 'mist-ingest'));
    expect(path.basename(root)).toMatch(/^mist-ingest-[A-Za-z0-9]{6}$/);
    expect(modeOf(root)).toBe(0o700);
    const { id } = await storedOriginal();
    await ensureOriginal(storage, id);
    expect(modeOf(workDir(id))).toBe(0o700);
    cleanWorkDir(id);
  });

  it('never takes a file planted at the old shared path for the upload', async () => {
    const { id, bytes } = await storedOriginal();
    const shared = path.join(os.tmpdir(), 'mist-ingest', id);
    fs.mkdirSync(shared, { recursive: true });
    planted.push(shared);
    fs.writeFileSync(path.join(shared, 'source'), Buffer.alloc(bytes.length, 1)); // same size, other bytes
    expect(fs.readFileSync(await ensureOriginal(storage, id))).toEqual(bytes);
    cleanWorkDir(id);
  });

  it('gives two stages fetching the original at once each the whole file, and leaves one file', async () => {
    const { id, bytes } = await storedOriginal();
    const CHUNK = 1024;
    // The first download stops three quarters through until the second has begun writing.
    let secondBegan!: () => void;
    const began = new Promise<void>((r) => (secondBegan = r));
    let calls = 0;
    const slow: Storage = {
      ...storage,
      async downloadToFile(_key, filePath) {
        const call = ++calls;
        const out = await fs.promises.open(filePath, 'w');
        try {
          for (let at = 0; at < bytes.length; at += CHUNK) {
            if (call === 1 && at === (bytes.length * 3) / 4) await began;
            await out.write(bytes.subarray(at, at + CHUNK), 0, CHUNK, at);
            if (call === 2) {
              secondBegan();
              await sleep(5);
            }
          }
        } finally {
          await out.close();
        }
      },
    };
    const first = ensureOriginal(slow, id);
    await sleep(10);
    const second = ensureOriginal(slow, id);
    // What the first stage would hand ffmpeg, read the moment it has it.
    expect(fs.readFileSync(await first).equals(bytes)).toBe(true);
    expect(fs.readFileSync(await second).equals(bytes)).toBe(true);
    expect(calls).toBe(2);
    expect(fs.readdirSync(workDir(id))).toEqual(['source']);
    cleanWorkDir(id);
  });
});
