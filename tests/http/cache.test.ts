import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let admin: Client;
let trackId: string;

type Health = { cache: { kind: string; hits: number; misses: number; hitRate: number | null } };
const health = async () => (await (await fetch(`${server.url}/api/health`)).json()) as Health;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const file = await makeTestAudio(await makeTempDir('mist-http-cache-'), 'chord', 3);
  trackId = await uploadAs(admin, file, 'Cached.flac');
  expect((await settled(admin, trackId)).status).toBe('ready');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('the track cache', () => {
  it('answers repeated track pages from the cache, and /api/health shows the hit rate', async () => {
    const before = (await health()).cache;
    expect(Object.keys(before).sort()).toEqual(['hitRate', 'hits', 'kind', 'misses']);
    expect(before.kind).toBe('memory');
    for (let i = 0; i < 3; i++) expect((await admin.request(`/tracks/${trackId}`)).status).toBe(200);
    const after = (await health()).cache;
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(2);
    expect(after.hitRate).toBeCloseTo(after.hits / (after.hits + after.misses), 3);

    const page = await (await admin.request('/admin')).text();
    expect(page).toMatch(/In memory · \d+% hit rate/);
  });

  it('shows an admin edit on the next page view, and forgets a deleted track', async () => {
    await admin.request(`/tracks/${trackId}`);
    expect((await admin.request(`/api/tracks/${trackId}`, { method: 'PATCH', json: { title: 'Renamed Song' } })).status).toBe(200);
    expect(await (await admin.request(`/tracks/${trackId}`)).text()).toContain('Renamed Song');

    expect((await admin.request('/api/listening/sessions', { method: 'POST', json: { trackId } })).status).toBe(201);
    expect((await admin.request(`/api/tracks/${trackId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(`/tracks/${trackId}`)).status).toBe(404);
    expect((await admin.request('/api/listening/sessions', { method: 'POST', json: { trackId } })).status).toBe(404);
  });
});
