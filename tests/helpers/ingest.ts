import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { getTrackRow } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { enqueue } from '@/lib/jobs';
import type { Storage } from '@/lib/storage/types';
import { completeUpload, createUploadSlot, receiveUpload } from '@/lib/tracks/uploads';
import { openApp } from './app';
import type { OpenDatabase } from './db';
import { waitFor } from './jobs';

const MAX = 500 * 1024 * 1024;

/**
 * The real ingest: the app's own Inngest functions and embedded driver, on a fresh database
 * (`open`, from BOTH_DATABASES) and the given storage, both installed as the app's own.
 */
export async function startIngest(storage: Storage, open: OpenDatabase) {
  const { h: handle, stop } = await openApp(open, { jobs: true, storage });
  const admin = await insertUser(handle.db, { email: 'admin@example.org', displayName: 'Admin', passwordHash: 'x', role: 'admin' });

  /** Upload as the admin UI does (slot, bytes, complete); returns the track id. */
  async function upload(file: string, filename = path.basename(file)): Promise<string> {
    const size = fs.statSync(file).size;
    const slot = await createUploadSlot(handle.db, storage, admin.id, { filename, size: Math.max(size, 1), contentType: 'application/octet-stream' }, MAX);
    if (storage.presignUpload) {
      const res = await fetch(slot.uploadUrl, { method: 'PUT', headers: slot.headers, body: fs.readFileSync(file) });
      if (!res.ok) throw new Error(`presigned PUT failed: ${res.status}`);
    } else {
      await receiveUpload(handle.db, storage, slot.trackId, Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, MAX);
    }
    await completeUpload(handle.db, storage, slot.trackId, MAX, (e) => enqueue(e));
    return slot.trackId;
  }

  const settled = (trackId: string) =>
    waitFor(
      `track ${trackId} to be ready or failed`,
      async () => {
        const row = await getTrackRow(handle.db, trackId);
        return row && (row.status === 'ready' || row.status === 'failed') ? row : undefined;
      },
      120_000,
    );

  return {
    db: handle.db,
    admin,
    upload,
    settled,
    stop,
  };
}
