import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

const NO_SUCH = '00000000-0000-4000-8000-000000000000';

let server: RunningServer;
let admin: Client;
let lee: Client;
let ana: Client;
let anonymous: Client;
const tracks: string[] = [];

const json = async (res: Response) => ({ status: res.status, body: res.status === 204 ? null : await res.json() });
const call = async (client: Client, method: string, path: string, body?: unknown) => json(await client.request(path, { method, ...(body === undefined ? {} : { json: body }) }));

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-library-');
  for (const [kind, name] of [['sine', 'First.wav'], ['chord', 'Second.wav'], ['noise', 'Third.wav']] as const) {
    tracks.push(await uploadAs(admin, await makeTestAudio(dir, kind, 2), name));
  }
  for (const id of tracks) expect((await settled(admin, id)).status).toBe('ready');
  lee = await signedUpListener(server.url, 'lee@example.org');
  ana = await signedUpListener(server.url, 'ana@example.org');
  anonymous = new Client(server.url);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('likes', () => {
  it('PUT and DELETE are idempotent; GET lists newest first with likedAt, and answers which of some tracks are liked', async () => {
    expect((await call(lee, 'PUT', `/api/me/likes/${tracks[0]}`)).status).toBe(204);
    expect((await call(lee, 'PUT', `/api/me/likes/${tracks[1]}`)).status).toBe(204);
    expect((await call(lee, 'PUT', `/api/me/likes/${tracks[1]}`)).status).toBe(204);
    const list = await call(lee, 'GET', '/api/me/likes?limit=10');
    expect(list.status).toBe(200);
    expect(list.body.tracks.map((t: { id: string }) => t.id)).toEqual([tracks[1], tracks[0]]);
    expect(list.body.tracks[0]).toMatchObject({ title: expect.any(String), durationMs: expect.any(Number), likedAt: expect.any(String) });
    expect((await call(lee, 'GET', `/api/me/likes?trackIds=${tracks.join(',')}`)).body).toEqual({ liked: expect.arrayContaining([tracks[0], tracks[1]]) });
    expect((await call(lee, 'DELETE', `/api/me/likes/${tracks[0]}`)).status).toBe(204);
    expect((await call(lee, 'DELETE', `/api/me/likes/${tracks[0]}`)).status).toBe(204);
    expect((await call(lee, 'GET', '/api/me/likes')).body.tracks.map((t: { id: string }) => t.id)).toEqual([tracks[1]]);
    // A page at a time: `next` is the cursor of the page after it, null at the end.
    expect((await call(lee, 'PUT', `/api/me/likes/${tracks[2]}`)).status).toBe(204);
    const first = await call(lee, 'GET', '/api/me/likes?limit=1');
    expect(first.body).toMatchObject({ tracks: [{ id: tracks[2] }], total: 2, limit: 1, next: expect.any(String) });
    const second = await call(lee, 'GET', `/api/me/likes?limit=1&after=${encodeURIComponent(first.body.next)}`);
    expect(second.body).toMatchObject({ tracks: [{ id: tracks[1] }], total: 2, next: null });
    expect((await call(lee, 'DELETE', `/api/me/likes/${tracks[2]}`)).status).toBe(204);
    // Each listener their own, the admin too.
    expect((await call(ana, 'GET', '/api/me/likes')).body.tracks).toEqual([]);
    expect((await call(admin, 'GET', '/api/me/likes')).body.tracks).toEqual([]);
  });

  it('answers 404 for a malformed or unknown track, 400 for a bad page, 401 to anyone not signed in', async () => {
    expect((await call(lee, 'PUT', '/api/me/likes/not-a-uuid')).status).toBe(404);
    expect((await call(lee, 'PUT', `/api/me/likes/${NO_SUCH}`)).status).toBe(404);
    expect((await call(lee, 'DELETE', '/api/me/likes/x')).status).toBe(404);
    expect((await call(lee, 'GET', '/api/me/likes?limit=0')).status).toBe(400);
    expect((await call(lee, 'GET', '/api/me/likes?limit=501')).status).toBe(400);
    for (const after of ['nope', `1.${NO_SUCH}x`, `${'9'.repeat(40)}.${NO_SUCH}`]) {
      const res = await call(lee, 'GET', `/api/me/likes?after=${after}`);
      expect(res.status, after).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    for (const [method, path] of [['GET', '/api/me/likes'], ['PUT', `/api/me/likes/${tracks[0]}`], ['DELETE', `/api/me/likes/${tracks[0]}`]]) {
      const res = await call(anonymous, method!, path!);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});

describe('playlists', () => {
  it('the owner creates, fills, reorders, renames, exports and deletes a playlist', async () => {
    const created = await call(lee, 'POST', '/api/playlists', { name: 'Road trip', description: 'Loud' });
    expect(created.status).toBe(201);
    expect(created.body.playlist).toMatchObject({ name: 'Road trip', description: 'Loud', isPublic: false, isOwner: true, trackCount: 0 });
    const id = created.body.playlist.id;
    const base = `/api/playlists/${id}`;

    const added = await call(lee, 'POST', `${base}/items`, { trackIds: [tracks[0], tracks[1]] });
    expect(added.status).toBe(201);
    expect(added.body.items.map((i: { position: number }) => i.position)).toEqual([0, 1]);
    expect((await call(lee, 'POST', `${base}/items`, { trackIds: [tracks[2]], position: 0 })).status).toBe(201);
    const dup = await call(lee, 'POST', `${base}/items`, { trackIds: [tracks[0]] });
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'conflict', trackIds: [tracks[0]] } } });
    expect((await call(lee, 'POST', `${base}/items`, { trackIds: [tracks[0]], ifAlreadyThere: 'add' })).status).toBe(201);

    let got = await call(lee, 'GET', base);
    expect(got.status).toBe(200);
    expect(got.body.items.map((i: { track: { id: string }; position: number }) => [i.track.id, i.position])).toEqual([
      [tracks[2], 0],
      [tracks[0], 1],
      [tracks[1], 2],
      [tracks[0], 3],
    ]);
    expect(got.body.playlist).toMatchObject({ trackCount: 4, durationMs: expect.any(Number) });

    const last = got.body.items[3].itemId;
    expect(await call(lee, 'PATCH', `${base}/items/${last}`, { position: 0 })).toEqual({ status: 200, body: { itemId: last, position: 0 } });
    expect((await call(lee, 'DELETE', `${base}/items/${got.body.items[1].itemId}`)).status).toBe(204);
    got = await call(lee, 'GET', base);
    expect(got.body.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([tracks[0], tracks[2], tracks[1]]);

    expect((await call(lee, 'PATCH', base, { name: 'Night drive', isPublic: true })).body.playlist).toMatchObject({ name: 'Night drive', isPublic: true });

    const m3u = await lee.request(`${base}/export.m3u8`);
    expect(m3u.status).toBe(200);
    expect(m3u.headers.get('content-type')).toMatch(/mpegurl/);
    expect(m3u.headers.get('content-disposition')).toBe('attachment; filename="Night drive.m3u8"');
    const lines = (await m3u.text()).split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.filter((l) => l.startsWith('#EXTINF:2,'))).toHaveLength(3);
    expect(lines).toContain(`${server.url}/tracks/${tracks[0]}`);

    expect((await call(lee, 'DELETE', base)).status).toBe(204);
    expect((await call(lee, 'GET', base)).status).toBe(404);
  });

  it('a private playlist is 404 to another listener and to an admin; a public one they can read but not change (403)', async () => {
    const priv = (await call(lee, 'POST', '/api/playlists', { name: 'Mine' })).body.playlist.id;
    const pub = (await call(lee, 'POST', '/api/playlists', { name: 'Ours', isPublic: true })).body.playlist.id;
    const item = (await call(lee, 'POST', `/api/playlists/${pub}/items`, { trackIds: [tracks[0]] })).body.items[0].itemId;
    for (const other of [ana, admin]) {
      for (const [method, path, body] of [
        ['GET', `/api/playlists/${priv}`],
        ['GET', `/api/playlists/${priv}/export.m3u8`],
        ['PATCH', `/api/playlists/${priv}`, { name: 'x' }],
        ['DELETE', `/api/playlists/${priv}`],
        ['POST', `/api/playlists/${priv}/items`, { trackIds: [tracks[0]] }],
      ] as [string, string, unknown?][]) {
        expect((await call(other, method, path, body)).status, `${method} ${path}`).toBe(404);
      }
      expect((await call(other, 'GET', `/api/playlists/${pub}`)).body).toMatchObject({ playlist: { name: 'Ours', isOwner: false }, items: [{ itemId: item }] });
      expect((await other.request(`/api/playlists/${pub}/export.m3u8`)).status).toBe(200);
      for (const [method, path, body] of [
        ['PATCH', `/api/playlists/${pub}`, { name: 'x' }],
        ['DELETE', `/api/playlists/${pub}`],
        ['POST', `/api/playlists/${pub}/items`, { trackIds: [tracks[0]] }],
        ['PATCH', `/api/playlists/${pub}/items/${item}`, { position: 0 }],
        ['DELETE', `/api/playlists/${pub}/items/${item}`],
      ] as [string, string, unknown?][]) {
        expect((await call(other, method, path, body)).status, `${method} ${path}`).toBe(403);
      }
      const own = (await call(other, 'GET', '/api/playlists')).body.playlists.map((p: { id: string }) => p.id);
      expect(own).not.toContain(priv);
      const publicOnes = (await call(other, 'GET', '/api/playlists?scope=public')).body.playlists.map((p: { id: string }) => p.id);
      expect(publicOnes).toContain(pub);
      expect(publicOnes).not.toContain(priv);
    }
    expect((await call(lee, 'GET', `/api/playlists/${priv}`)).status).toBe(200);
  });

  it('answers 401 on every route to anyone not signed in', async () => {
    const id = NO_SUCH;
    for (const [method, path] of [
      ['GET', '/api/playlists'],
      ['POST', '/api/playlists'],
      ['GET', `/api/playlists/${id}`],
      ['PATCH', `/api/playlists/${id}`],
      ['DELETE', `/api/playlists/${id}`],
      ['POST', `/api/playlists/${id}/items`],
      ['PATCH', `/api/playlists/${id}/items/${id}`],
      ['DELETE', `/api/playlists/${id}/items/${id}`],
      ['GET', `/api/playlists/${id}/export.m3u8`],
    ]) {
      expect((await call(anonymous, method!, path!, method === 'GET' || method === 'DELETE' ? undefined : {})).status, `${method} ${path}`).toBe(401);
    }
  });

  it('answers 404 for malformed or unknown ids and 400 for bad bodies, naming what is wrong', async () => {
    const id = (await call(lee, 'POST', '/api/playlists', { name: 'Checks' })).body.playlist.id;
    for (const [method, path] of [
      ['GET', '/api/playlists/nope'],
      ['GET', `/api/playlists/${NO_SUCH}`],
      ['GET', '/api/playlists/nope/export.m3u8'],
      ['PATCH', `/api/playlists/${id}/items/nope`],
      ['PATCH', `/api/playlists/${id}/items/${NO_SUCH}`],
      ['DELETE', `/api/playlists/${id}/items/${NO_SUCH}`],
      ['DELETE', `/api/playlists/nope`],
    ]) {
      expect((await call(lee, method!, path!, method === 'PATCH' ? { position: 0 } : undefined)).status, `${method} ${path}`).toBe(404);
    }
    const bad = async (method: string, path: string, body: unknown) => {
      const res = await call(lee, method, path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return res.body.error;
    };
    expect((await bad('POST', '/api/playlists', { name: '' })).fieldErrors).toHaveProperty('name');
    expect((await bad('POST', '/api/playlists', { name: 'x'.repeat(101) })).fieldErrors).toHaveProperty('name');
    expect((await bad('POST', '/api/playlists', { name: 'ok', description: 'x'.repeat(1001) })).fieldErrors).toHaveProperty('description');
    expect((await bad('POST', '/api/playlists', { name: 'ok', owner: 'me' })).code).toBe('validation_failed');
    expect((await bad('PATCH', `/api/playlists/${id}`, {})).code).toBe('validation_failed');
    expect(await bad('POST', `/api/playlists/${id}/items`, { trackIds: [tracks[0], NO_SUCH] })).toMatchObject({ trackIds: [NO_SUCH], message: expect.stringContaining(NO_SUCH) });
    expect((await bad('POST', `/api/playlists/${id}/items`, { trackIds: Array(501).fill(tracks[0]) })).fieldErrors).toHaveProperty('trackIds');
    expect((await bad('POST', `/api/playlists/${id}/items`, { trackIds: ['x'] })).fieldErrors).toHaveProperty(['trackIds.0']);
    expect((await bad('POST', `/api/playlists/${id}/items`, { trackIds: [tracks[0]], position: -1 })).fieldErrors).toHaveProperty('position');
    const malformed = await lee.request('/api/playlists', { method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
    const item = (await call(lee, 'POST', `/api/playlists/${id}/items`, { trackIds: [tracks[0]] })).body.items[0].itemId;
    expect((await bad('PATCH', `/api/playlists/${id}/items/${item}`, { position: 'first' })).fieldErrors).toHaveProperty('position');
  });
});

describe('search: the playlists group', () => {
  it("answers the owner's own playlists and others' public ones, never others' private ones, and 401 to anyone not signed in", async () => {
    const priv = (await call(lee, 'POST', '/api/playlists', { name: 'Zéphyr secrets' })).body.playlist.id;
    const pub = (await call(lee, 'POST', '/api/playlists', { name: 'Zephyr for everyone', isPublic: true })).body.playlist.id;
    const found = async (client: Client, q = 'zephyr') => {
      const res = await client.request(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      return ((await res.json()).playlists as { id: string; own: boolean; ownerName: string }[]).map((p) => [p.id, p.own]);
    };
    expect((await found(lee)).sort()).toEqual([[priv, true], [pub, true]].sort());
    expect(await found(ana)).toEqual([[pub, false]]);
    expect(await found(admin)).toEqual([[pub, false]]);
    expect(await found(ana, 'secrets')).toEqual([]);
    const body = await (await ana.request('/api/search?q=zephyr')).json();
    expect(body.playlists[0]).toMatchObject({ name: 'Zephyr for everyone', ownerName: expect.any(String), isPublic: true, trackCount: 0 });
    expect((await anonymous.request('/api/search?q=zephyr')).status).toBe(401);
    // The search page lists them too, private ones only to their owner.
    const page = async (client: Client) => (await client.request('/search?q=zephyr')).text();
    expect(await page(lee)).toContain(`/playlists/${priv}`);
    const seenByAna = await page(ana);
    expect(seenByAna).toContain(`/playlists/${pub}`);
    expect(seenByAna).not.toContain(priv);
  });
});

describe('library pages', () => {
  it('list albums and artists in each sort, start over on a cursor they cannot read, and send anyone not signed in to sign in', async () => {
    for (const path of ['/library', '/library/albums', '/library/albums?sort=name', '/library/albums?sort=artist', '/library/albums?sort=year', '/library/artists', '/library/artists?sort=tracks']) {
      const res = await lee.request(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      // (This server's untagged uploads have no artist or album: the grids show their empty state.)
      expect(html, path).toMatch(path === '/library' ? /href="\/library\/artists"/ : path.includes('artists') ? /aria-label="Sort artists"/ : /aria-label="Sort albums"/);
    }
    for (const after of ['garbage', '%ZZ', 'x'.repeat(5000)]) expect((await lee.request(`/library/albums?sort=name&after=${after}`)).status).toBe(200);
    expect((await lee.request('/library/albums?sort=nonsense')).status).toBe(200);
    for (const path of ['/library/albums', '/library/artists', '/library/genres']) expect((await anonymous.request(path)).status, path).toBe(307);
    // No tag here has a genre: an unknown genre is a 404, not an error.
    expect((await lee.request('/library/genres/no-such-genre')).status).toBe(404);
    expect((await lee.request('/library/genres/%25')).status).toBe(404);
  });
});
