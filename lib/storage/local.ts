import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { writeAtomically } from './atomic-file';
import { assertSafeKey, encodeKey, isSafeKey, normalizePrefix } from './keys';
import { spoolToFile } from './spool';
import type { Storage } from './types';

export { assertSafeKey, isSafeKey } from './keys';

/**
 * The absolute path of `key` under `root`. The key rules already make traversal
 * impossible; the containment check is the second lock on the same door.
 */
export function resolveKey(root: string, key: string): string {
  assertSafeKey(key);
  const base = path.resolve(root);
  const file = path.resolve(base, ...key.split('/'));
  if (!file.startsWith(base + path.sep)) throw new AppError('bad_request', 'Invalid storage key.');
  return file;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files under `rootDir` (`$MIST_DATA_DIR/media`). Content type and caching are
 * not stored: the media route derives both from the key (lib/storage/mime.ts), exactly as
 * they were chosen when writing to S3.
 */
export function createLocalStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir);

  return {
    kind: 'local',

    async putFile(key, filePath) {
      const file = resolveKey(root, key);
      // A copy, not a rename: the caller's file may be on another device, and stays theirs.
      await writeAtomically(file, (temp) => fs.promises.copyFile(filePath, temp, fs.constants.COPYFILE_EXCL));
    },

    async putBytes(key, bytes) {
      const file = resolveKey(root, key);
      await writeAtomically(file, (temp) => fs.promises.writeFile(temp, bytes, { flag: 'wx', flush: true }));
    },

    async writeStream(key, body, { maxBytes }) {
      const file = resolveKey(root, key);
      let bytes = 0;
      await writeAtomically(file, async (temp) => {
        bytes = await spoolToFile(body, temp, maxBytes);
      });
      return bytes;
    },

    async readBytes(key) {
      try {
        return await fs.promises.readFile(resolveKey(root, key));
      } catch (error) {
        if (isMissing(error)) throw new AppError('not_found', `The stored file ${key} is missing.`);
        throw error;
      }
    },

    async downloadToFile(key, filePath) {
      const file = resolveKey(root, key);
      await fs.promises.mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
      try {
        await fs.promises.copyFile(file, filePath);
      } catch (error) {
        if (isMissing(error)) throw new AppError('not_found', `The stored file ${key} is missing.`);
        throw error;
      }
    },

    async size(key) {
      const file = resolveKey(root, key);
      try {
        const stat = await fs.promises.stat(file);
        return stat.isFile() ? stat.size : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async list(prefix) {
      const folder = normalizePrefix(prefix, true);
      const dir = folder ? resolveKey(root, folder.slice(0, -1)) : root;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
      } catch (error) {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
        throw error;
      }
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .filter(isSafeKey) // skips temporary `.…part` files of writes in progress
        .sort();
    },

    async delete(key) {
      await fs.promises.rm(resolveKey(root, key), { force: true });
    },

    async deletePrefix(prefix) {
      // Never the root: one empty string must not wipe every track.
      const folder = normalizePrefix(prefix, false);
      await fs.promises.rm(resolveKey(root, folder.slice(0, -1)), { recursive: true, force: true });
    },

    publicUrl(key) {
      assertSafeKey(key);
      return `/media/${encodeKey(key)}`;
    },
  };
}
