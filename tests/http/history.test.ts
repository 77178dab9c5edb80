import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let trackId: string;

const listener = (email: string) => signedUpListener(server.url, email);

/** One play through the player's routes: a session, its key, then 2.1 s heard (past half of the 4 s track). */
async function play(client: Client) {
  const res = await client.request('/api/listening/sessions', { method: 'POST', json: { trackId } });
  const { sessionId } = await res.json();
  expect((await client.request(`/api/tracks/${trackId}/key`)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 2_100)); // a listener hears one track at a time
  const beat = await client.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: { seq: 1, positionMs: 2_100, heardMs: 2_100, ended: true } });
  expect(await beat.json()).toMatchObject({ counted: true });
}

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  const admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const file = await makeTestAudio(await makeTempDir('mist-http-history-'), 'chord', 4);
  trackId = await uploadAs(admin, file, 'Short.flac');
  expect((await settled(admin, trackId)).status).toBe('ready');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('GET /api/me/history and /api/me/plays', () => {
  it('answers 401 to anyone not signed in', async () => {
    const anonymous = new Client(server.url);
    for (const path of ['/api/me/history?tz=UTC', '/api/me/plays']) {
      const res = await anonymous.request(path);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('answers 400 with a message naming the field for a bad zone, granularity or range', async () => {
    const lee = await listener('lee@example.org');
    const bad = async (query: string) => {
      const res = await lee.request(`/api/me/history?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return (await res.json()).error as { code: string; message: string; fieldErrors: Record<string, string[]> };
    };
    expect(await bad('granularity=day')).toMatchObject({ code: 'validation_failed', fieldErrors: { tz: [expect.stringMatching(/Send your time zone/)] } });
    expect((await bad('tz=Mars%2FOlympus')).message).toMatch(/"Mars\/Olympus" is not a time zone/);
    expect((await bad('tz=%2B05%3A00')).fieldErrors).toHaveProperty('tz');
    expect((await bad('tz=UTC&granularity=minute')).fieldErrors).toHaveProperty('granularity');
    expect((await bad('tz=UTC&from=last-week')).fieldErrors).toHaveProperty('from');
    expect((await bad('tz=UTC&from=2026-03-10&to=2026-03-01')).message).toMatch(/from must be before to/);
    expect((await bad('tz=UTC&granularity=hour&from=2024-01-01&to=2026-01-01')).message).toMatch(/too long for hour buckets: at most 31 days/);
    expect((await lee.request('/api/me/plays?limit=500')).status).toBe(400);
  });

  it('shows each listener their own plays only, in buckets of their zone', async () => {
    const ana = await listener('ana@example.org');
    const ben = await listener('ben@example.org');
    await play(ana);
    await play(ana);

    const tz = 'Pacific/Auckland';
    const res = await ana.request(`/api/me/history?granularity=hour&tz=${encodeURIComponent(tz)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.json();
    expect(body).toMatchObject({ granularity: 'hour', tz });
    // The default range is the last 24 hours: 24 or 25 hour buckets, none missing.
    expect(body.buckets.length).toBeGreaterThanOrEqual(24);
    expect(body.buckets.reduce((n: number, b: { plays: number }) => n + b.plays, 0)).toBe(2);

    const plays = await (await ana.request('/api/me/plays?limit=1')).json();
    expect(plays).toMatchObject({ limit: 1, offset: 0, plays: [{ track: { id: trackId } }] });

    const theirs = await (await ben.request(`/api/me/history?tz=UTC`)).json();
    expect(theirs.buckets.every((b: { plays: number; minutesHeard: number }) => b.plays === 0 && b.minutesHeard === 0)).toBe(true);
    expect((await (await ben.request('/api/me/plays')).json()).plays).toEqual([]);
  });
});
