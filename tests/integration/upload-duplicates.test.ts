import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { claimContentHash, getTrackRow, insertTrack, updateTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { failTrack } from '@/lib/ingest/stages';
import { createLocalStorage } from '@/lib/storage/local';
import { deleteTrack } from '@/lib/tracks/admin';
import { originalKey } from '@/lib/tracks/keys';
import { completeUpload, createUploadSlot, receiveUpload } from '@/lib/tracks/uploads';
import { BOTH_DATABASES } from '../helpers/db';

const MAX = 10 * 1024 * 1024;
const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-dup-media-'));
const storage = createLocalStorage(mediaRoot);
afterAll(() => fs.rmSync(mediaRoot, { recursive: true, force: true }));
const noEnqueue = async () => {};

describe.each(BOTH_DATABASES)('duplicate uploads on %s', (_name, open) => {
  let h: DbHandle;
  let stop: () => Promise<void>;
  let adminId: string;
  beforeAll(async () => {
    ({ h, stop } = await open());
    adminId = (await insertUser(h.db, { email: 'admin@example.org', displayName: 'Admin', passwordHash: 'x', role: 'admin' })).id;
  });
  afterAll(() => stop?.());

  /** Slot and bytes, as the upload route takes them; returns the new track's id. */
  async function send(bytes: Buffer, filename = 'song.flac', sha256?: string) {
    const slot = await createUploadSlot(h.db, storage, adminId, { filename, size: bytes.length, contentType: 'audio/flac', ...(sha256 ? { sha256 } : {}) }, MAX);
    await receiveUpload(h.db, storage, slot.trackId, new Blob([new Uint8Array(bytes)]).stream(), MAX);
    return slot.trackId;
  }
  const complete = (id: string) => completeUpload(h.db, storage, id, MAX, noEnqueue);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as { code?: string; status?: number; message?: string; details?: { trackId?: string } });

  it('refuses the same bytes a second time with 409 naming the first track, and keeps nothing of it', async () => {
    const bytes = randomBytes(4096);
    const first = await send(bytes, 'First Song.flac');
    await complete(first);
    expect((await getTrackRow(h.db, first))!.contentSha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const second = await send(bytes, 'copy.flac');
    const error = await refusal(complete(second));
    expect(error).toMatchObject({ code: 'duplicate', status: 409, details: { trackId: first } });
    expect(error!.message).toMatch(/already in the library as "First Song"/);
    expect(await getTrackRow(h.db, second)).toBeUndefined();
    expect(await storage.size(originalKey(second))).toBeNull();
  });

  it('lets exactly one of two identical uploads completing at once through', async () => {
    const bytes = randomBytes(4096);
    const [a, b] = [await send(bytes), await send(bytes)];
    const results = await Promise.allSettled([complete(a), complete(b)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.findIndex((r) => r.status === 'rejected');
    expect((results[loser] as PromiseRejectedResult).reason).toMatchObject({ code: 'duplicate', details: { trackId: [a, b][1 - loser] } });
  });

  it('refuses at the slot, before any byte, when the client gives the hash of a file it has', async () => {
    const bytes = randomBytes(4096);
    const first = await send(bytes);
    await complete(first);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const error = await refusal(createUploadSlot(h.db, storage, adminId, { filename: 'again.flac', size: bytes.length, sha256: sha256.toUpperCase() }, MAX));
    expect(error).toMatchObject({ code: 'duplicate', details: { trackId: first } });
  });

  it('counts no upload in progress, no deleted track and no failed upload that lost its original', async () => {
    const bytes = randomBytes(4096);
    const unfinished = await send(bytes); // never completed
    const failed = await send(bytes);
    await complete(failed);
    await failTrack({ db: h.db, storage }, failed, 1, 'The file looks damaged.');
    expect((await getTrackRow(h.db, failed))!.contentSha256).toBeNull();

    const kept = await send(bytes);
    await complete(kept);
    await updateTrack(h.db, kept, { status: 'ready' }); // as processing would leave it
    await deleteTrack(h.db, storage, kept);
    const again = await send(bytes);
    await expect(complete(again)).resolves.toMatchObject({ status: 'uploaded' });
    expect((await getTrackRow(h.db, unfinished))!.status).toBe('uploading');
  });

  it('lets processing claim a hash it computed only once (two tracks, one wins)', async () => {
    const sha256 = createHash('sha256').update(randomBytes(64)).digest('hex');
    const track = () => insertTrack(h.db, { title: 'Bucket Song', status: 'processing', originalFilename: 'b.flac', originalKey: 'originals/x/source', declaredContentType: 'audio/flac' });
    const [a, b] = [await track(), await track()];
    expect(await claimContentHash(h.db, a.id, sha256)).toBeUndefined();
    expect(await claimContentHash(h.db, b.id, sha256)).toEqual({ id: a.id, title: 'Bucket Song', status: 'processing' });
    expect((await getTrackRow(h.db, b.id))!.contentSha256).toBeNull();
  });
});
