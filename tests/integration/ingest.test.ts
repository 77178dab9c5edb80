import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogTrack, listRecentTracks } from '@/db/queries/catalog';
import { getTrackRow, getTrackSummary } from '@/db/queries/tracks';
import { enqueue } from '@/lib/jobs';
import { deleteTrack, finishDeletions, reprocessTrack } from '@/lib/tracks/admin';
import { waitFor } from '../helpers/jobs';
import { albums, artists, trackFeatures, trackKeys } from '@/db/schema';
import { checkVariantPlaylist } from '@/lib/media/playlist';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { createLocalStorage } from '@/lib/storage/local';
import type { Storage } from '@/lib/storage/types';
import { keyUriOf } from '@/lib/tracks/keys';
import { EXTRACTOR_VERSION } from '@/lib/media/features';
import { BOTH_DATABASES } from '../helpers/db';
import { startIngest } from '../helpers/ingest';
import { opensAsMpegTs, startListening } from '../helpers/listen';

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-ingest-media-'));
const storage = createLocalStorage(mediaRoot);
let ingest: Awaited<ReturnType<typeof startIngest>>;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('mist-ingest-audio-');
});
afterAll(async () => {
  await removeTempDirs();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

const durationOf = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());

describe.each(BOTH_DATABASES)('ingest, end to end on local storage and %s', (_name, open) => {
  beforeAll(async () => {
    ingest = await startIngest(storage, open);
  });
  afterAll(() => ingest?.stop());

  it('turns a tagged MP3 with cover art into a ready, encrypted, analysed track', async () => {
    const file = await makeTestAudio(dir, 'mp3-cover', 14);
    const id = await ingest.upload(file, 'Some Artist - Chord.mp3');
    const track = await ingest.settled(id);
    expect(track.error).toBeNull();
    expect(track.status).toBe('ready');
    expect(track.progress).toBe(100);
    expect(track.durationMs! / 1000).toBeCloseTo(durationOf(file), 0);

    const keys = await storage.list(`tracks/${id}/`);
    const prefix = `tracks/${id}/v1/`;
    expect(keys).toContain(`${prefix}master.m3u8`);
    for (const v of ['64k', '128k', '192k']) {
      const playlist = fs.readFileSync(path.join(mediaRoot, `${prefix}${v}/index.m3u8`), 'utf8');
      const check = checkVariantPlaylist(playlist, { keyUri: keyUriOf(id, 1) });
      expect(check.problems).toEqual([]);
      expect(check.iv).toMatch(/^(?!0+$)[0-9a-f]{32}$/i);
    }
    // The key is in its table, never in storage.
    const [key] = await ingest.db.select().from(trackKeys).where(eq(trackKeys.trackId, id));
    expect(key!.keyHex).toMatch(/^[0-9a-f]{32}$/);
    for (const k of keys) expect(fs.readFileSync(path.join(mediaRoot, k)).includes(Buffer.from(key!.keyHex, 'hex'))).toBe(false);

    const summary = await getTrackSummary(ingest.db, id);
    expect(summary!.coverKey).toMatch(/^tracks\/.+\/cover\.jpg$/);
    expect(keys).toContain(summary!.coverKey);
    expect(summary!.integratedLufs).toBeLessThan(0);
    expect(summary!.gainDb).toBeCloseTo(-14 - summary!.integratedLufs!, 1);

    const [features] = await ingest.db.select().from(trackFeatures).where(eq(trackFeatures.trackId, id));
    expect(features!.extractorVersion).toBe(EXTRACTOR_VERSION);
    expect(features!.embedding).toHaveLength(48);
  });

  it('reads tags into artist and album rows, and uses the file name when untagged', async () => {
    const tagged = path.join(dir, 'tagged.flac');
    execFileSync('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=8', '-metadata', 'title=<script>alert(1)</script>', '-metadata', 'artist=Ünïcode Artist', '-metadata', 'album=First Album', '-metadata', 'album_artist=Ünïcode Artist', '-metadata', 'track=3', '-metadata', 'date=1999', '-metadata', 'genre=Ambient', tagged]);
    const untagged = await makeTestAudio(dir, 'sine', 6);
    const [a, b] = await Promise.all([ingest.upload(tagged), ingest.upload(untagged, 'My Field Recording.wav')]);
    await Promise.all([ingest.settled(a), ingest.settled(b)]);
    const first = await getTrackSummary(ingest.db, a);
    expect(first).toMatchObject({ status: 'ready', title: '<script>alert(1)</script>', artist: 'Ünïcode Artist', album: 'First Album', trackNo: 3, year: 1999, genre: 'Ambient' });
    const [album] = await ingest.db.select().from(albums).where(eq(albums.id, first!.albumId!));
    const [artist] = await ingest.db.select().from(artists).where(eq(artists.id, album!.artistId));
    expect(artist!.name).toBe('Ünïcode Artist');
    expect((await getTrackSummary(ingest.db, b))!.title).toBe('My Field Recording');
  });

  it('processes a track again with a new key and IV: the old key opens none of the new segments, and a listener still plays', async () => {
    const source = await makeTestAudio(dir, 'chord', 6);
    const id = await ingest.upload(source, 'Again.flac');
    await ingest.settled(id);
    const [v1] = await ingest.db.select().from(trackKeys).where(eq(trackKeys.trackId, id));
    expect(v1!.version).toBe(1);
    const playlistOf = (v: number) => checkVariantPlaylist(fs.readFileSync(path.join(mediaRoot, `tracks/${id}/v${v}/128k/index.m3u8`), 'utf8'), { keyUri: keyUriOf(id, v) });
    expect(playlistOf(1).iv).toBe(v1!.ivHex);

    await reprocessTrack(ingest.db, storage, id, (e) => enqueue(e));
    await waitFor('version 2', async () => (await getTrackSummary(ingest.db, id)) && (await storage.list(`tracks/${id}/v2/`)).some((k) => k.endsWith('master.m3u8')) && !(await storage.list(`tracks/${id}/v1/`)).length);
    expect(await getTrackRow(ingest.db, id)).toMatchObject({ status: 'ready', hlsVersion: 2, masterKey: `tracks/${id}/v2/master.m3u8` });

    // Only the new version's key is kept, and it is new, IV included.
    const keys = await ingest.db.select().from(trackKeys).where(eq(trackKeys.trackId, id));
    expect(keys.map((k) => k.version)).toEqual([2]);
    const v2 = keys[0]!;
    expect(v2.keyHex).not.toBe(v1!.keyHex);
    expect(v2.ivHex).not.toBe(v1!.ivHex);
    const playlist = playlistOf(2);
    expect(playlist.problems).toEqual([]);
    expect(playlist.iv).toBe(v2.ivHex);

    // The key route serves the new key, for the new playlists' URI and for an old-style one.
    const listening = await startListening(ingest.db, storage, mediaRoot);
    try {
      const fan = await listening.listener('fan@example.org', id);
      for (const uri of [keyUriOf(id, 2), `/api/tracks/${id}/key`]) {
        const served = await fan.get(uri);
        expect(served.status).toBe(200);
        expect(Buffer.from(await served.arrayBuffer()).toString('hex')).toBe(v2.keyHex);
      }
      expect((await fan.get(keyUriOf(id, 1))).status).toBe(404);

      // The old key and IV decrypt none of the new segments; the new ones decrypt each.
      for (const segment of playlist.segments) {
        const bytes = fs.readFileSync(path.join(mediaRoot, `tracks/${id}/v2/128k`, segment.uri));
        expect(opensAsMpegTs(bytes, v1!.keyHex, v1!.ivHex)).toBe(false);
        expect(opensAsMpegTs(bytes, v1!.keyHex, v2.ivHex)).toBe(false);
        expect(opensAsMpegTs(bytes, v2.keyHex, v2.ivHex)).toBe(true);
      }
      expect(await fan.play(path.join(dir, 'again.wav'))).toBeCloseTo(durationOf(source), 1);
    } finally {
      await listening.stop();
    }
  });

  it('hides a deleted track before removing its files: when storage fails midway, listeners get 404 and the clean-up finishes it', async () => {
    const id = await ingest.upload(await makeTestAudio(dir, 'sine', 4), 'Gone.wav');
    expect((await ingest.settled(id)).status).toBe('ready');
    const listening = await startListening(ingest.db, storage, mediaRoot);
    try {
      const fan = await listening.listener('gone@example.org', id);
      expect((await fan.get(keyUriOf(id, 1))).status).toBe(200);
      // Storage that removes the published media, then fails on the original: a crash between the two.
      const failing: Storage = {
        ...storage,
        async deletePrefix(prefix) {
          if (prefix.startsWith('originals/')) throw new Error('storage is down');
          return storage.deletePrefix(prefix);
        },
      };
      const failure = await deleteTrack(ingest.db, failing, id).catch((error: unknown) => error);
      expect((await fan.get(keyUriOf(id, 1))).status).toBe(404);
      expect((await fan.get(`/api/tracks/${id}/hls/master.m3u8`)).status).toBe(404);
      expect(await getCatalogTrack(ingest.db, id)).toBeUndefined();
      expect((await listRecentTracks(ingest.db, { limit: 100, offset: 0 })).map((t) => t.id)).not.toContain(id);
      expect((await getTrackRow(ingest.db, id))!.status).toBe('deleting');
      // Reported, not swallowed.
      expect(failure).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/hidden/) });

      // The hourly clean-up (or deleting it again) finishes the job.
      expect(await finishDeletions(ingest.db, storage, new Date(Date.now() + 1000))).toEqual({ finished: 1, failed: 0 });
      expect(await getTrackRow(ingest.db, id)).toBeUndefined();
      expect(await storage.list(`originals/${id}/`)).toEqual([]);
      expect(await storage.list(`tracks/${id}/`)).toEqual([]);
    } finally {
      await listening.stop();
    }
  });

  it.each([
    ['text', 'notes.mp3', /no audio|not audio|decode/i],
    ['corrupt-mp3', 'broken.mp3', /./],
  ] as const)('fails a %s upload with a reason and leaves nothing in storage', async (kind, name, reason) => {
    const file = await makeTestAudio(dir, kind, 5);
    const id = await ingest.upload(file, name);
    const track = await ingest.settled(id);
    expect(track.status).toBe('failed');
    expect(track.error).toMatch(reason);
    expect(track.error).not.toMatch(/NonRetriableError|StepError/);
    expect(await storage.list(`tracks/${id}/`)).toEqual([]);
    expect(await storage.list(`originals/${id}/`)).toEqual([]);
    expect(await ingest.db.select().from(trackKeys).where(eq(trackKeys.trackId, id))).toEqual([]);
  });
});
