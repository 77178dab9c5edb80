import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { taggedFlac } from '../helpers/tagged-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let admin: Client;
let listener: Client;
const ids: Record<string, string> = {};
type RadioTrack = { id: string; title: string; artistId: string | null; albumId: string | null };

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-radio-');
  const catalog = [
    { title: 'Alpha One', artist: 'Ant', album: 'Alpha', track: 1, frequency: 330 },
    { title: 'Alpha Two', artist: 'Ant', album: 'Alpha', track: 2, frequency: 440 },
    { title: 'Bee Side', artist: 'Bee', album: 'Hive', track: 1, frequency: 550 },
    { title: 'Cat Call', artist: 'Cat', album: 'Purr', track: 1, frequency: 660 },
  ];
  for (const t of catalog) ids[t.title] = await uploadAs(admin, await taggedFlac(dir, { ...t, seconds: 4 }), `${t.title}.flac`);
  for (const id of Object.values(ids)) expect((await settled(admin, id)).status).toBe('ready');
  const slot = await admin.request('/api/uploads', { method: 'POST', json: { filename: 'later.flac', size: 1000, contentType: 'audio/flac' } });
  ids.uploading = (await slot.json()).trackId;
  listener = await signedUpListener(server.url, 'rae@example.org');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

const radio = (client: Client, json: unknown) => client.request('/api/radio', { method: 'POST', json });
const tracksOf = async (res: Response) => ((await res.json()) as { tracks: RadioTrack[] }).tracks;

describe('POST /api/radio', () => {
  it('asks who is calling', async () => {
    const res = await radio(new Client(server.url), { seed: { trackId: ids['Alpha One'] } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('answers any listener with the next tracks in the track API’s shape, with artist and album ids, never the seed', async () => {
    const res = await radio(listener, { seed: { trackId: ids['Alpha One'] } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const tracks = await tracksOf(res);
    expect(tracks.map((t) => t.id).sort()).toEqual([ids['Alpha Two'], ids['Bee Side'], ids['Cat Call']].sort());
    const { track } = await (await admin.request(`/api/tracks/${ids['Bee Side']}`)).json();
    expect(tracks.find((t) => t.id === ids['Bee Side'])).toEqual({ ...track, artistId: expect.stringMatching(/^[0-9a-f-]{36}$/), albumId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('plays an album’s and an artist’s own tracks first, and leaves out what is excluded', async () => {
    const first = await tracksOf(await radio(listener, { seed: { trackId: ids['Bee Side'] } }));
    const alpha = first.find((t) => t.id === ids['Alpha One'])!;
    const album = await tracksOf(await radio(listener, { seed: { albumId: alpha.albumId } }));
    expect(album.slice(0, 2).map((t) => t.title)).toEqual(['Alpha One', 'Alpha Two']);
    const artist = await tracksOf(await radio(listener, { seed: { artistId: alpha.artistId }, exclude: [ids['Alpha Two'], ids['Cat Call']] }));
    expect(artist.map((t) => t.title)).toEqual(['Alpha One', 'Bee Side']);
  });

  it('keeps to the limit, and refuses one that is not a whole number from 1 to 50', async () => {
    expect(await tracksOf(await radio(listener, { seed: { trackId: ids['Alpha One'] }, limit: 1 }))).toHaveLength(1);
    expect((await radio(listener, { seed: { trackId: ids['Alpha One'] }, limit: 50 })).status).toBe(200);
    for (const limit of [0, 51, 2.5, '5', -1, null]) {
      const res = await radio(listener, { seed: { trackId: ids['Alpha One'] }, limit });
      expect(res.status, String(limit)).toBe(400);
      expect((await res.json()).error.fieldErrors.limit[0]).toMatch(/whole number from 1 to 50/);
    }
    const tooMany = await radio(listener, { seed: { trackId: ids['Alpha One'] }, exclude: Array.from({ length: 201 }, () => crypto.randomUUID()) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.fieldErrors.exclude[0]).toBe('At most 200 track ids.');
  });

  it('refuses ids that are not UUIDs and seeds that are not one thing, saying which field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ seed: { trackId: 'not-a-uuid' } }, 'seed.trackId', /Not a track id/],
      [{ seed: { albumId: 42 } }, 'seed.albumId', /Not a album id|album/],
      [{ seed: { trackId: ids['Alpha One'] }, exclude: ['nope'] }, 'exclude.0', /Not a track id/],
      [{ seed: { trackId: ids['Alpha One'] }, skipped: ['../etc'] }, 'skipped.0', /Not a track id/],
      [{ seed: { trackId: ids['Alpha One'], albumId: ids['Alpha One'] } }, 'seed', /exactly one/],
      [{ seed: {} }, 'seed', /exactly one/],
      [{ exclude: [] }, 'seed', /./],
      [{ seed: { trackId: ids['Alpha One'] }, mood: 'happy' }, '_', /./],
    ];
    for (const [body, field, message] of cases) {
      const res = await radio(listener, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('validation_failed');
      expect(error.fieldErrors[field]?.[0] ?? error.message, JSON.stringify(body)).toMatch(message);
    }
  });

  it('answers 404 for a seed it does not know, or a track that is not ready', async () => {
    const cases: [unknown, string][] = [
      [{ seed: { trackId: crypto.randomUUID() } }, 'No such track.'],
      [{ seed: { trackId: ids.uploading } }, 'No such track.'],
      [{ seed: { artistId: crypto.randomUUID() } }, 'No such artist.'],
      [{ seed: { albumId: crypto.randomUUID() } }, 'No such album.'],
    ];
    for (const [body, message] of cases) {
      const res = await radio(listener, body);
      expect(res.status).toBe(404);
      expect((await res.json()).error).toEqual({ code: 'not_found', message });
    }
  });

  it('refuses malformed JSON, another content type, and a request from another site', async () => {
    const bad = await listener.request('/api/radio', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seed": ' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
    const text = await listener.request('/api/radio', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    const foreign = await listener.request('/api/radio', { method: 'POST', json: { seed: { trackId: ids['Alpha One'] } }, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(foreign.status).toBe(403);
  });

  it('takes an API token with the listen scope', async () => {
    const made = await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'radio', scopes: ['listen'] } });
    expect(made.status).toBe(201);
    const { token } = await made.json();
    const res = await fetch(new URL('/api/radio', server.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ seed: { trackId: ids['Cat Call'] }, limit: 2 }) });
    expect(res.status).toBe(200);
    expect((await res.json()).tracks).toHaveLength(2);
  });
});
