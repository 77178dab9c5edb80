import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let admin: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-similar-');
  for (const kind of ['sine', 'chord', 'noise'] as const) {
    ids[kind] = await uploadAs(admin, await makeTestAudio(dir, kind, 8), `${kind}.wav`);
  }
  for (const id of Object.values(ids)) expect((await settled(admin, id)).status).toBe('ready');
  // An upload slot whose bytes never came: a track that is not ready.
  const slot = await admin.request('/api/uploads', { method: 'POST', json: { filename: 'later.flac', size: 1000, contentType: 'audio/flac' } });
  ids.uploading = (await slot.json()).trackId;
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

const similar = (client: Client, id: string, query = '') => client.request(`/api/tracks/${id}/similar${query}`);

describe('GET /api/tracks/{id}/similar', () => {
  it('asks who is calling', async () => {
    const anonymous = await similar(new Client(server.url), ids.sine!);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');
  });

  it('lists the other ready tracks with a score, nearest first, in the track API’s shape', async () => {
    const res = await similar(admin, ids.sine!);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const { tracks } = await res.json();
    expect(tracks.map((t: { id: string }) => t.id).sort()).toEqual([ids.chord, ids.noise].sort());
    const { track } = await (await admin.request(`/api/tracks/${ids.chord}`)).json();
    const chord = tracks.find((t: { id: string }) => t.id === ids.chord);
    expect(chord).toEqual({ ...track, score: expect.any(Number) });
    for (const t of tracks) expect(t.score).toBeGreaterThanOrEqual(0), expect(t.score).toBeLessThanOrEqual(1);
    expect(tracks[0].score).toBeGreaterThanOrEqual(tracks[1].score);
    // A 440 Hz tone sounds more like an A major chord than like white noise.
    expect(tracks[0].id).toBe(ids.chord);
    expect((await (await similar(admin, ids.sine!, '?limit=1')).json()).tracks).toHaveLength(1);
  });

  it('refuses a limit that is not a whole number from 1 to 50, saying so', async () => {
    for (const bad of ['0', '51', '-1', '2.5', 'ten', '', '1e1']) {
      const res = await similar(admin, ids.sine!, `?limit=${bad}`);
      expect(res.status, bad).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('validation_failed');
      expect(error.fieldErrors.limit[0]).toMatch(/whole number from 1 to 50/);
    }
    expect((await similar(admin, ids.sine!, '?limit=50')).status).toBe(200);
  });

  it('answers 404 for a malformed id, an unknown track and one that is not ready', async () => {
    for (const id of ['not-a-uuid', crypto.randomUUID(), ids.uploading!]) {
      const res = await similar(admin, id);
      expect(res.status, id).toBe(404);
      expect((await res.json()).error).toEqual({ code: 'not_found', message: 'No such track.' });
    }
  });

  it('takes an API token with the listen scope', async () => {
    const made = await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'similar', scopes: ['listen'] } });
    expect(made.status).toBe(201);
    const { token } = await made.json();
    const res = await fetch(new URL(`/api/tracks/${ids.noise}/similar?limit=5`, server.url), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).tracks).toHaveLength(2);
  });
});
