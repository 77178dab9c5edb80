import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
const LIKED_BY_TITLE = { conditions: [{ field: 'liked' }], sort: 'title', order: 'asc' };

let server: RunningServer;
let admin: Client;
let lee: Client;
let ana: Client;
let anonymous: Client;
const tracks: string[] = [];

const json = async (res: Response) => ({ status: res.status, body: res.status === 204 ? null : await res.json() });
const call = async (client: Client, method: string, path: string, body?: unknown) => json(await client.request(path, { method, ...(body === undefined ? {} : { json: body }) }));
const ids = (items: { track: { id: string } }[]) => items.map((i) => i.track.id);

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-smart-');
  for (const [kind, name] of [['sine', 'First.wav'], ['chord', 'Second.wav'], ['noise', 'Third.wav']] as const) {
    tracks.push(await uploadAs(admin, await makeTestAudio(dir, kind, 2), name));
  }
  for (const id of tracks) expect((await settled(admin, id)).status).toBe('ready');
  lee = await signedUpListener(server.url, 'lee@example.org');
  ana = await signedUpListener(server.url, 'ana@example.org');
  anonymous = new Client(server.url);
  // Lee likes the first two, Ana the third.
  for (const id of [tracks[1], tracks[0]]) expect((await call(lee, 'PUT', `/api/me/likes/${id}`)).status).toBe(204);
  expect((await call(ana, 'PUT', `/api/me/likes/${tracks[2]}`)).status).toBe(204);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('smart playlists over HTTP', () => {
  it('the owner creates one from rules, opens it evaluated now, changes its rules and exports it', async () => {
    const created = await call(lee, 'POST', '/api/playlists', { name: 'Liked', rules: LIKED_BY_TITLE });
    expect(created.status).toBe(201);
    expect(created.body.playlist).toMatchObject({ name: 'Liked', smart: true, isPublic: false, rules: { match: 'all', conditions: [{ field: 'liked' }], sort: 'title', order: 'asc', limit: 100 } });
    const base = `/api/playlists/${created.body.playlist.id}`;

    const got = await call(lee, 'GET', base);
    expect(got.status).toBe(200);
    expect(got.body.playlist).toMatchObject({ smart: true, trackCount: 2, durationMs: expect.any(Number) });
    expect(got.body.items.map((i: { itemId: null; position: number; track: { id: string } }) => [i.itemId, i.position, i.track.id])).toEqual([
      [null, 0, tracks[0]],
      [null, 1, tracks[1]],
    ]);

    // Liking another track changes what it holds the next time it is opened.
    expect((await call(lee, 'PUT', `/api/me/likes/${tracks[2]}`)).status).toBe(204);
    expect(ids((await call(lee, 'GET', base)).body.items)).toEqual(tracks);
    expect((await call(lee, 'DELETE', `/api/me/likes/${tracks[2]}`)).status).toBe(204);

    const patched = await call(lee, 'PATCH', base, { name: 'Two liked', rules: { ...LIKED_BY_TITLE, order: 'desc', limit: 1 } });
    expect(patched).toMatchObject({ status: 200, body: { playlist: { name: 'Two liked', rules: { order: 'desc', limit: 1 } } } });
    expect(ids((await call(lee, 'GET', base)).body.items)).toEqual([tracks[1]]);

    const list = (await call(lee, 'GET', '/api/playlists')).body.playlists;
    expect(list.find((p: { id: string }) => p.id === created.body.playlist.id)).toMatchObject({ smart: true, trackCount: null });

    const m3u = await lee.request(`${base}/export.m3u8`);
    expect(m3u.status).toBe(200);
    const text = await m3u.text();
    expect(text.split('\n').filter((l) => l.startsWith('#EXTINF'))).toHaveLength(1);
    expect(text).toContain(`${server.url}/tracks/${tracks[1]}`);
    expect((await call(lee, 'DELETE', base)).status).toBe(204);
  });

  it('a private one is 404 to others (admin too); a public one shows them the owner’s picks, which they cannot change', async () => {
    const priv = (await call(lee, 'POST', '/api/playlists', { name: 'Mine', rules: LIKED_BY_TITLE })).body.playlist.id;
    const pub = (await call(lee, 'POST', '/api/playlists', { name: 'Ours', isPublic: true, rules: LIKED_BY_TITLE })).body.playlist.id;
    for (const other of [ana, admin]) {
      expect((await call(other, 'GET', `/api/playlists/${priv}`)).status).toBe(404);
      expect((await call(other, 'PATCH', `/api/playlists/${priv}`, { rules: LIKED_BY_TITLE })).status).toBe(404);
      expect((await other.request(`/api/playlists/${priv}/export.m3u8`)).status).toBe(404);
      const seen = await call(other, 'GET', `/api/playlists/${pub}`);
      expect(seen.status).toBe(200);
      // Lee's likes, not the viewer's (Ana likes only the third track).
      expect(ids(seen.body.items)).toEqual([tracks[0], tracks[1]]);
      expect(seen.body.playlist).toMatchObject({ smart: true, isOwner: false });
      expect((await call(other, 'PATCH', `/api/playlists/${pub}`, { rules: { conditions: [{ field: 'plays', moreThan: 0 }] } })).status).toBe(403);
      expect((await call(other, 'DELETE', `/api/playlists/${pub}`)).status).toBe(403);
    }
    expect(ids((await call(lee, 'GET', `/api/playlists/${pub}`)).body.items)).toEqual([tracks[0], tracks[1]]);
  });

  it('the items routes answer 409: a smart playlist is filled by its rules', async () => {
    const id = (await call(lee, 'POST', '/api/playlists', { name: 'Rules', rules: LIKED_BY_TITLE })).body.playlist.id;
    for (const [method, path, body] of [
      ['POST', `/api/playlists/${id}/items`, { trackIds: [tracks[2]] }],
      ['PATCH', `/api/playlists/${id}/items/${NO_SUCH}`, { position: 0 }],
      ['DELETE', `/api/playlists/${id}/items/${NO_SUCH}`, undefined],
    ] as const) {
      const res = await call(lee, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('filled by their rules') });
    }
    expect(ids((await call(lee, 'GET', `/api/playlists/${id}`)).body.items)).toEqual([tracks[0], tracks[1]]);
    // An ordinary playlist does not become a smart one.
    const plain = (await call(lee, 'POST', '/api/playlists', { name: 'Plain' })).body.playlist;
    expect(plain).toMatchObject({ smart: false, rules: null });
    expect((await call(lee, 'PATCH', `/api/playlists/${plain.id}`, { rules: LIKED_BY_TITLE })).status).toBe(409);
  });

  it('bad rules are a 400 naming each field; malformed JSON a 400; nothing is created', async () => {
    const before = (await call(lee, 'GET', '/api/playlists')).body.playlists.length;
    const bad = await call(lee, 'POST', '/api/playlists', { name: 'Bad', rules: { match: 'most', conditions: [{ field: 'mood' }, { field: 'year', from: 2000, to: 1990 }, { field: 'artist', op: 'is', value: '' }], limit: 5000 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(Object.keys(bad.body.error.fieldErrors).sort()).toEqual(['rules.conditions.0.field', 'rules.conditions.1.to', 'rules.conditions.2.value', 'rules.limit', 'rules.match']);
    expect(bad.body.error.message).toContain('rules.limit: "limit" must be at most 1000.');
    expect((await call(lee, 'POST', '/api/playlists', { name: 'Empty', rules: { conditions: [] } })).body.error.fieldErrors).toEqual({ 'rules.conditions': ['Add at least one condition.'] });
    expect((await call(lee, 'POST', '/api/playlists', { name: 'Many', rules: { conditions: Array.from({ length: 21 }, () => ({ field: 'liked' })) } })).status).toBe(400);
    const malformed = await lee.request('/api/playlists', { method: 'POST', body: '{"name": "x", "rules": {', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect((await call(lee, 'GET', '/api/playlists')).body.playlists.length).toBe(before);
  });

  it('previews how many tracks rules pick for the caller', async () => {
    expect(await call(lee, 'POST', '/api/playlists/preview', { rules: { conditions: [{ field: 'liked' }], limit: 1 } })).toEqual({ status: 200, body: { matching: 2, count: 1 } });
    expect(await call(ana, 'POST', '/api/playlists/preview', { rules: { conditions: [{ field: 'liked' }] } })).toEqual({ status: 200, body: { matching: 1, count: 1 } });
    expect((await call(lee, 'POST', '/api/playlists/preview', { rules: { conditions: [] } })).status).toBe(400);
    expect((await call(lee, 'POST', '/api/playlists/preview', {})).status).toBe(400);
  });

  it('answers 401 to anyone not signed in', async () => {
    const id = (await call(lee, 'POST', '/api/playlists', { name: 'Public', isPublic: true, rules: LIKED_BY_TITLE })).body.playlist.id;
    for (const [method, path, body] of [
      ['POST', '/api/playlists', { name: 'x', rules: LIKED_BY_TITLE }],
      ['GET', `/api/playlists/${id}`, undefined],
      ['PATCH', `/api/playlists/${id}`, { rules: LIKED_BY_TITLE }],
      ['POST', '/api/playlists/preview', { rules: LIKED_BY_TITLE }],
      ['POST', `/api/playlists/${id}/items`, { trackIds: [tracks[0]] }],
    ] as const) {
      const res = await call(anonymous, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});
