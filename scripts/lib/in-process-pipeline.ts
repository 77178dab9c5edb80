import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openPglite } from '@/db/client';
import { insertUser } from '@/db/queries/users';
import { enqueue, getDriver } from '@/lib/jobs';
import { createLocalStorage } from '@/lib/storage/local';
import { completeUpload, createUploadSlot, receiveUpload } from '@/lib/tracks/uploads';

const MAX = 2 ** 31;

/**
 * MIST's ingest in this process, for benchmarks and evals: PGlite in `work/db`, local storage
 * in `work/media`, installed as the app's own, and the app's Inngest functions on the
 * embedded driver (started). `receive` makes an upload slot and stores the file as the upload
 * route would; `complete` hands it to processing.
 */
export async function startInProcessPipeline(work: string) {
  const handle = await openPglite(path.join(work, 'db'));
  await handle.migrate();
  const storage = createLocalStorage(path.join(work, 'media'));
  globalThis.__mistDb = Promise.resolve(handle);
  globalThis.__mistStorage = storage;
  const driver = await getDriver();
  driver.start();
  const admin = await insertUser(handle.db, { email: 'bench@example.org', displayName: 'Bench', passwordHash: 'x', role: 'admin' });
  return {
    handle,
    storage,
    driver,
    async receive(file: string): Promise<string> {
      const slot = await createUploadSlot(handle.db, storage, admin.id, { filename: path.basename(file), size: fs.statSync(file).size, contentType: 'audio/flac' }, MAX);
      await receiveUpload(handle.db, storage, slot.trackId, Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, MAX);
      return slot.trackId;
    },
    complete: (trackId: string) => completeUpload(handle.db, storage, trackId, MAX, (e) => enqueue(e)),
  };
}
