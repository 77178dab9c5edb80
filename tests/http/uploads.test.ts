import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { waitFor } from '../helpers/jobs';
import { settled, uploadAs } from './tracks';
import { Client } from './client';
import { runScript as run } from './import-cli';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
let admin: Client;
let dir: string;
const LIMIT = 3 * 1024 * 1024;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password', MIST_UPLOAD_MAX_BYTES: String(LIMIT) } });
  admin = new Client(server.url);
  expect((await admin.signIn('admin@example.org', 'admin password')).status).toBe(200);
  dir = await makeTempDir('mist-http-upload-');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('uploading and processing over HTTP', () => {
  it('takes an upload to a ready track that listeners can see and fetch', async () => {
    const id = await uploadAs(admin, await makeTestAudio(dir, 'mp3-cover', 12), 'Cover Song.mp3');
    const track = await settled(admin, id);
    expect(track).toMatchObject({ status: 'ready', progress: 100, error: null });
    expect(track.durationMs).toBeGreaterThan(11_000);
    expect(track.loudness?.gainDb).toEqual(expect.any(Number));

    const listener = new Client(server.url);
    await listener.request('/api/signup', { method: 'POST', json: { email: 'lee@example.org', displayName: 'Lee', password: 'lee password' } });
    await listener.signIn('lee@example.org', 'lee password');
    expect((await listener.request(`/api/tracks/${id}`)).status).toBe(200);

    const page = await admin.request('/admin/tracks');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Cover Song');
    expect((await listener.request('/admin/tracks')).status).toBe(403);

    const cover = await fetch(new URL(track.coverUrl!, server.url));
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toBe('image/jpeg');
    const master = await fetch(`${server.url}/media/tracks/${id}/v1/master.m3u8`);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await master.text()).toContain('CODECS="mp4a.40.2"');
    const segment = await fetch(`${server.url}/media/tracks/${id}/v1/64k/seg_00000.ts`, { headers: { range: 'bytes=0-187' } });
    expect(segment.status).toBe(206);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(segment.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${server.url}/media/originals/${id}/source`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/tracks/${id}/../../originals/${id}/source`)).status).toBe(404);
  });

  it('checks who is asking', async () => {
    const body = { filename: 'a.mp3', size: 1000, contentType: 'audio/mpeg' };
    expect((await new Client(server.url).request('/api/uploads', { method: 'POST', json: body })).status).toBe(401);
    const user = new Client(server.url);
    await user.request('/api/signup', { method: 'POST', json: { email: 'plain@example.org', displayName: 'Plain', password: 'plain password' } });
    await user.signIn('plain@example.org', 'plain password');
    expect((await user.request('/api/uploads', { method: 'POST', json: body })).status).toBe(403);
    expect((await user.request('/api/admin/tracks')).status).toBe(403);
  });

  it('refuses what is not audio, too large or malformed, with reasons', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ filename: 'notes.txt', size: 10, contentType: 'text/plain' }, 415, /not an audio file/],
      [{ filename: 'huge.flac', size: LIMIT + 1, contentType: 'audio/flac' }, 400, /larger than the limit of 3 MB/],
      [{ filename: 'empty.mp3', size: 0, contentType: 'audio/mpeg' }, 400, /empty/],
      [{ filename: 'a.mp3' }, 400, /size/],
    ];
    for (const [json, status, message] of cases) {
      const res = await admin.request('/api/uploads', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect((await res.json()).error.message).toMatch(message);
    }
  });

  it('stops an upload that grows past the limit while streaming, and keeps nothing', async () => {
    const slot = await (await admin.request('/api/uploads', { method: 'POST', json: { filename: 'liar.flac', size: 1000, contentType: 'audio/flac' } })).json();
    // The server stops reading at the limit: the client sees 413, or the connection closed under it.
    const res = await admin
      .request(slot.uploadUrl, { method: 'PUT', body: Buffer.alloc(LIMIT + 1024 * 1024, 1), headers: { connection: 'close' } })
      .catch((error: Error) => error);
    if (res instanceof Response) expect(res.status).toBe(413);
    else expect(String(res.cause ?? res)).toMatch(/ECONNRESET|EPIPE|other side closed/);
    expect((await admin.request(`/api/tracks/${slot.trackId}`)).status).toBe(404);
    expect((await admin.request(`/api/uploads/${slot.trackId}/complete`, { method: 'POST' })).status).toBe(404);
  });

  it('fails a text file named .mp3 with a reason a person understands', async () => {
    const id = await uploadAs(admin, await makeTestAudio(dir, 'text', 1), 'not-music.mp3');
    const track = await settled(admin, id);
    expect(track.status).toBe('failed');
    expect(track.error).toMatch(/no audio/i);
    const listener = new Client(server.url);
    await listener.signIn('lee@example.org', 'lee password');
    expect((await listener.request(`/api/tracks/${id}`)).status).toBe(404);
  });

  it('lets admins correct tags, process again and delete, and no one else', async () => {
    const id = await uploadAs(admin, await makeTestAudio(dir, 'sine', 4), 'raw take.wav');
    await settled(admin, id);
    const listener = new Client(server.url);
    await listener.signIn('lee@example.org', 'lee password');
    expect((await listener.request(`/api/tracks/${id}`, { method: 'PATCH', json: { title: 'Mine now' } })).status).toBe(403);
    expect((await listener.request(`/api/tracks/${id}`, { method: 'DELETE' })).status).toBe(403);

    const edited = await admin.request(`/api/tracks/${id}`, { method: 'PATCH', json: { title: 'Final Take', artist: 'Studio Band', album: 'Sessions', year: 2024 } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).track).toMatchObject({ title: 'Final Take', artist: 'Studio Band', album: 'Sessions' });
    expect((await admin.request(`/api/tracks/${id}`, { method: 'PATCH', json: { year: 'last year' } })).status).toBe(400);

    expect((await admin.request(`/api/tracks/${id}/reprocess`, { method: 'POST' })).status).toBe(202);
    // The new version is published, and then the old one removed.
    await waitFor('the new version to replace the old', async () => {
      const v1 = await fetch(`${server.url}/media/tracks/${id}/v1/master.m3u8`);
      return v1.status === 404;
    }, 120_000);
    expect((await fetch(`${server.url}/media/tracks/${id}/v2/master.m3u8`)).status).toBe(200);

    expect((await admin.request(`/api/tracks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(`/api/tracks/${id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/media/tracks/${id}/v2/master.m3u8`)).status).toBe(404);
  });

  it('imports a folder with an API token and reports each file', async () => {
    const created = await admin.request('/admin/tokens');
    expect(created.status).toBe(200);
    const token = await createToken();
    const folder = path.join(dir, 'library');
    fs.mkdirSync(path.join(folder, 'disc 1'), { recursive: true });
    fs.copyFileSync(await makeTestAudio(dir, 'sine', 4), path.join(folder, 'disc 1', 'one.wav'));
    fs.copyFileSync(await makeTestAudio(dir, 'chord', 4), path.join(folder, 'two.flac'));
    fs.copyFileSync(await makeTestAudio(dir, 'text', 1), path.join(folder, 'three.mp3'));
    fs.writeFileSync(path.join(folder, 'cover.txt'), 'not audio, not an audio extension');
    const { code, stdout } = await run(['scripts/import.ts', '--url', server.url, folder], { MIST_TOKEN: token });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [path.basename(l.file), l.status])).toEqual([
      ['one.wav', 'ready'],
      ['three.mp3', 'failed'],
      ['two.flac', 'ready'],
    ]);
    expect(lines[1].error).toMatch(/no audio/i);
    expect(code).toBe(1);
    const bad = await run(['scripts/import.ts', '--url', server.url, folder], { MIST_TOKEN: 'mist_' + 'x'.repeat(43) });
    expect(JSON.parse(bad.stdout.trim().split('\n')[0]!).error).toMatch(/API token is not valid/);
    // A revoked token stops working at once.
    const { tokens } = await (await admin.request('/api/admin/tokens')).json();
    expect((await admin.request(`/api/admin/tokens/${tokens[0].id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await fetch(`${server.url}/api/admin/tracks`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
  });
});

async function createToken(): Promise<string> {
  // The page's server action needs a browser; the token API is the same code (lib/auth/api-tokens).
  // The import needs nothing but the `import` scope.
  const res = await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'import test', scopes: ['import'] } });
  expect(res.status).toBe(201);
  return (await res.json()).token;
}
