import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVariantPlaylist } from '@/lib/media/playlist';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { waitFor } from '../helpers/jobs';
import { opensAsMpegTs } from '../helpers/listen';
import { Client } from './client';
import { startServer, type RunningServer } from './server';
import { runScript } from './import-cli';
import { settled, uploadAs } from './tracks';

// Issue 12, items 12 and 14, against the built server: a duplicate upload answers 409 naming
// the track already there (the CLI skips it), and processing a track again rotates its key.

let server: RunningServer;
let admin: Client;
let dir: string;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  expect((await admin.signIn('admin@example.org', 'admin password')).status).toBe(200);
  dir = await makeTempDir('mist-http-security-ingest-');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const seconds = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));

/** Slot and bytes, then the answer to "complete". */
async function sendAndComplete(file: string, filename: string) {
  const slot = await (await admin.request('/api/uploads', { method: 'POST', json: { filename, size: fs.statSync(file).size, contentType: 'audio/flac' } })).json();
  expect((await admin.request(slot.uploadUrl, { method: 'PUT', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  return { trackId: slot.trackId as string, done: await admin.request(`/api/uploads/${slot.trackId}/complete`, { method: 'POST' }) };
}

describe('a file uploaded twice', () => {
  it('is refused the second time with 409 naming the track already there, and nothing of it is kept', async () => {
    const file = await makeTestAudio(dir, 'chord', 5);
    const first = await uploadAs(admin, file, 'Only Once.flac');
    expect((await settled(admin, first)).status).toBe('ready');

    const { trackId, done } = await sendAndComplete(file, 'Only Once (copy).flac');
    expect(done.status).toBe(409);
    expect(await done.json()).toEqual({ error: { code: 'duplicate', message: 'This file is already in the library as "Only Once".', trackId: first } });
    expect((await admin.request(`/api/tracks/${trackId}`)).status).toBe(404);

    // A client that gives the file's sha-256 is refused before it sends a byte.
    const early = await admin.request('/api/uploads', { method: 'POST', json: { filename: 'again.flac', size: fs.statSync(file).size, contentType: 'audio/flac', sha256: sha256Of(file) } });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatchObject({ code: 'duplicate', trackId: first });
    const { tracks } = await (await admin.request('/api/admin/tracks?limit=100')).json();
    expect(tracks.filter((t: { title: string }) => t.title.startsWith('Only Once'))).toHaveLength(1);
  });

  it('is taken again once the track that had it is deleted', async () => {
    const file = await makeTestAudio(dir, 'sine', 3);
    const first = await uploadAs(admin, file, 'Short Lived.wav');
    expect((await settled(admin, first)).status).toBe('ready');
    expect((await admin.request(`/api/tracks/${first}`, { method: 'DELETE' })).status).toBe(204);
    const { trackId, done } = await sendAndComplete(file, 'Short Lived.wav');
    expect(done.status).toBe(202);
    expect((await settled(admin, trackId)).status).toBe('ready');
  });

  it('is skipped by the import CLI, which says so in its JSON line', async () => {
    const token = (await (await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'import', scopes: ['import'] } })).json()).token as string;
    const folder = path.join(dir, 'import');
    fs.mkdirSync(folder);
    fs.copyFileSync(await makeTestAudio(dir, 'chord', 5), path.join(folder, 'a-known.flac')); // "Only Once"
    fs.copyFileSync(await makeTestAudio(dir, 'noise', 2), path.join(folder, 'b-new.wav'));
    const { code, stdout } = await runScript(['scripts/import.ts', '--url', server.url, folder], { MIST_TOKEN: token });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const { tracks } = await (await admin.request('/api/admin/tracks?limit=100')).json();
    const known = tracks.find((t: { title: string }) => t.title === 'Only Once');
    expect(lines[0]).toEqual({ file: path.join(folder, 'a-known.flac'), trackId: null, status: 'skipped', error: null, duplicateOf: known.id, reason: 'This file is already in the library as "Only Once".' });
    expect(lines[1]).toMatchObject({ file: path.join(folder, 'b-new.wav'), status: 'ready', error: null });
    expect(code).toBe(0);
  });
});

describe('processing a track again', () => {
  it('gives the new version a new key and IV: the old key opens none of its segments, and a listener still plays', async () => {
    const file = await makeTestAudio(dir, 'chord', 8);
    const id = await uploadAs(admin, file, 'Rekeyed.flac');
    expect((await settled(admin, id)).status).toBe('ready');
    const fan = new Client(server.url);
    await fan.request('/api/signup', { method: 'POST', json: { email: 'fan@example.org', displayName: 'Fan', password: 'listen password' } });
    expect((await fan.signIn('fan@example.org', 'listen password')).status).toBe(200);
    expect((await fan.request('/api/listening/sessions', { method: 'POST', json: { trackId: id } })).status).toBe(201);

    const variant = async (v: number) => checkVariantPlaylist(await (await fan.request(`/api/tracks/${id}/hls/128k.m3u8`)).text(), { keyUri: `/api/tracks/${id}/key?v=${v}` });
    const keyOf = async (v: number) => Buffer.from(await (await fan.request(`/api/tracks/${id}/key?v=${v}`)).arrayBuffer()).toString('hex');
    const before = { iv: (await variant(1)).iv!, key: await keyOf(1) };
    expect(before.key).toMatch(/^[0-9a-f]{32}$/);

    expect((await admin.request(`/api/tracks/${id}/reprocess`, { method: 'POST' })).status).toBe(202);
    await waitFor('version 2 to be published', async () => (await variant(2)).problems.length === 0, 120_000);
    const after = await variant(2);
    const key = await keyOf(2);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toBe(before.key);
    expect(after.iv).not.toBe(before.iv);
    expect((await fan.request(`/api/tracks/${id}/key?v=1`)).status).toBe(404);
    expect(Buffer.from(await (await fan.request(`/api/tracks/${id}/key`)).arrayBuffer()).toString('hex')).toBe(key);

    for (const segment of after.segments) {
      const bytes = new Uint8Array(await (await fetch(new URL(segment.uri, server.url))).arrayBuffer());
      expect(opensAsMpegTs(bytes, before.key, before.iv)).toBe(false);
      expect(opensAsMpegTs(bytes, key, after.iv!)).toBe(true);
    }
    const out = path.join(dir, 'rekeyed.wav');
    const cookie = `next-auth.session-token=${fan.cookie('next-auth.session-token')}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${server.url}/api/tracks/${id}/hls/master.m3u8`, '-map', '0:a:0', out]);
    expect(Math.abs(seconds(out) - seconds(file))).toBeLessThan(0.1);
  });
});
