import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { waitFor } from '../helpers/jobs';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let admin: Client;
let listener: Client;
const trackIds: string[] = [];

/** One counted play through the player's routes: a session, its key, then 2.1 s heard of a 4 s track. */
async function play(client: Client, trackId: string) {
  const { sessionId } = await (await client.request('/api/listening/sessions', { method: 'POST', json: { trackId } })).json();
  expect((await client.request(`/api/tracks/${trackId}/key`)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 2_100));
  const beat = await client.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: { seq: 1, positionMs: 2_100, heardMs: 2_100, ended: true } });
  expect(await beat.json()).toMatchObject({ counted: true });
}

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-recommend-');
  for (const kind of ['chord', 'sine'] as const) trackIds.push(await uploadAs(admin, await makeTestAudio(dir, kind, 4), `${kind}.flac`));
  for (const id of trackIds) expect((await settled(admin, id)).status).toBe('ready');
  listener = await signedUpListener(server.url, 'lee@example.org');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('POST /api/admin/recommendations/rebuild', () => {
  it('answers 401 to anyone signed out and 403 to a listener, starting nothing', async () => {
    expect((await new Client(server.url).request('/api/admin/recommendations/rebuild', { method: 'POST' })).status).toBe(401);
    const res = await listener.request('/api/admin/recommendations/rebuild', { method: 'POST' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBeDefined();
  });

  it('refuses an admin request sent from another site', async () => {
    const res = await admin.request('/api/admin/recommendations/rebuild', { method: 'POST', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });

  it('builds the neighbours from new plays as a job, and /admin/jobs says what the run read', async () => {
    await play(listener, trackIds[0]!);
    await play(listener, trackIds[1]!);
    const res = await admin.request('/api/admin/recommendations/rebuild', { method: 'POST', headers: { origin: server.url, 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(202);
    const { eventId } = await res.json();
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    type Run = { functionId: string; status: string; eventName: string };
    await waitFor('the neighbour build to complete', async () => {
      const { runs } = (await (await admin.request('/api/admin/jobs')).json()) as { runs: Run[] };
      return runs.find((r) => r.functionId === 'mist-build-track-neighbours' && r.eventName === 'mist/recommendations.rebuild-requested' && r.status === 'completed');
    });
    const html = await (await admin.request('/admin/jobs')).text();
    expect(html).toContain('Rebuild recommendations');
    expect(html).toMatch(/2 plays read, 1 pair updated, 2 tracks re-ranked/);
  });
});

describe('GET /api/me/for-you', () => {
  it('offers a listener what others played with their plays, saying which play it comes from, on the home page too', async () => {
    // Runs after the build above: lee played both tracks together.
    const kim = await signedUpListener(server.url, 'kim@example.org');
    expect(await (await kim.request('/api/me/for-you')).json()).toEqual({ tracks: [] });
    await play(kim, trackIds[0]!);
    const res = await kim.request('/api/me/for-you?limit=5');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const { tracks } = await res.json();
    expect(tracks.map((t: { id: string }) => t.id)).toEqual([trackIds[1]]);
    expect(tracks[0].because).toEqual({ trackId: trackIds[0], title: expect.any(String) });
    const home = await (await kim.request('/')).text();
    expect(home).toContain('For you');
    expect(home).toContain(`/tracks/${trackIds[1]}`);
  });

  it('answers 401 signed out and 400 to a bad limit', async () => {
    expect((await new Client(server.url).request('/api/me/for-you')).status).toBe(401);
    for (const bad of ['0', '101', 'ten']) expect((await listener.request(`/api/me/for-you?limit=${bad}`)).status).toBe(400);
  });
});
