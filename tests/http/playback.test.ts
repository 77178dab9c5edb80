import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

let server: RunningServer;
let admin: Client;
let dir: string;
let trackId: string;
let sourceSeconds: number;

async function listener(email: string) {
  const client = new Client(server.url);
  await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password: 'listen password' } });
  expect((await client.signIn(email, 'listen password')).status).toBe(200);
  return client;
}
const startSession = (client: Client, id: string) => client.request('/api/listening/sessions', { method: 'POST', json: { trackId: id } });
const key = (client: Client, id: string) => client.request(`/api/tracks/${id}/key`);

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password', MIST_KEY_MAX_PER_MINUTE_USER: '6' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  dir = await makeTempDir('mist-http-play-');
  const file = await makeTestAudio(dir, 'chord', 13);
  sourceSeconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));
  trackId = await uploadAs(admin, file, 'Chord.flac');
  expect((await settled(admin, trackId)).status).toBe('ready');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('the key route', () => {
  it('gives the key only to a signed-in listener with a session for the track', async () => {
    expect((await key(new Client(server.url), trackId)).status).toBe(401);

    const lee = await listener('lee@example.org');
    const refused = await key(lee, trackId);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/listening session/);

    const session = await startSession(lee, trackId);
    expect(session.status).toBe(201);
    const { sessionId, masterUrl } = await session.json();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(masterUrl).toBe(`/api/tracks/${trackId}/hls/master.m3u8`);
    const granted = await key(lee, trackId);
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('private, no-store');
    expect((await granted.arrayBuffer()).byteLength).toBe(16);
  });

  it('does not honour another listener’s session, nor make an exception for admins', async () => {
    const ana = await listener('ana@example.org');
    const ben = await listener('ben@example.org');
    expect((await startSession(ben, trackId)).status).toBe(201);
    expect((await key(ana, trackId)).status).toBe(403);
    expect((await key(admin, trackId)).status).toBe(403);
    expect((await startSession(admin, trackId)).status).toBe(201);
    expect((await key(admin, trackId)).status).toBe(200);
  });

  it('answers 404 for unknown, malformed and unfinished tracks', async () => {
    const lee = await listener('lee@example.org');
    expect((await key(lee, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await key(lee, 'not-a-uuid')).status).toBe(404);
    const slot = await (await admin.request('/api/uploads', { method: 'POST', json: { filename: 'later.flac', size: 100, contentType: 'audio/flac' } })).json();
    expect((await startSession(lee, slot.trackId)).status).toBe(404);
    expect((await startSession(admin, slot.trackId)).status).toBe(404);
    expect((await key(admin, slot.trackId)).status).toBe(404);
    expect((await lee.request('/api/listening/sessions', { method: 'POST', json: { trackId: 'nope' } })).status).toBe(400);
  });

  it('gives the key to an API token whose owner has a session, and refuses a bad token', async () => {
    const { token } = await (await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'key test', scopes: ['listen'] } })).json();
    expect((await startSession(admin, trackId)).status).toBe(201);
    const byToken = await fetch(`${server.url}/api/tracks/${trackId}/key`, { headers: { authorization: `Bearer ${token}` } });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await byToken.arrayBuffer())).toEqual(Buffer.from(await (await key(admin, trackId)).arrayBuffer()));
    const bad = await fetch(`${server.url}/api/tracks/${trackId}/key`, { headers: { authorization: `Bearer mist_${'x'.repeat(43)}` } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.message).toMatch(/API token is not valid/);
  });

  it('stops giving the key at once when the account is disabled or the track deleted', async () => {
    const sam = await listener('sam@example.org');
    const samId = (await (await sam.request('/api/auth/session')).json()).user.id;
    await startSession(sam, trackId);
    expect((await key(sam, trackId)).status).toBe(200);
    expect((await admin.request(`/api/admin/users/${samId}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(200);
    const refused = await key(sam, trackId);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toBe('Sign in first.');

    const short = await uploadAs(admin, await makeTestAudio(dir, 'chord', 3), 'Short.flac');
    expect((await settled(admin, short)).status).toBe('ready');
    const kim = await listener('kim@example.org');
    await startSession(kim, short);
    expect((await key(kim, short)).status).toBe(200);
    expect((await admin.request(`/api/tracks/${short}`, { method: 'DELETE' })).status).toBe(204);
    expect((await key(kim, short)).status).toBe(404);
  });

  it('limits key requests per listener with 429 and Retry-After', async () => {
    const eve = await listener('eve@example.org');
    await startSession(eve, trackId);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await key(eve, trackId);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[7]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('catalog pages', () => {
  it('show ready tracks to listeners, render tags as text, and hide unfinished ones', async () => {
    const lee = await listener('lee@example.org');
    const hostile = '<img src=x onerror=alert(1)> Théâtre';
    const edited = await admin.request(`/api/tracks/${trackId}`, { method: 'PATCH', json: { title: hostile, artist: 'Band & <b>Co</b>', album: 'First "Album"' } });
    expect(edited.status).toBe(200);
    // Home shelves albums: the album's artist, as text.
    const home = await (await lee.request('/')).text();
    expect(home).toContain('Recently added');
    expect(home).toContain('Band &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(home).not.toContain('<b>Co');
    const trackPage = await lee.request(`/tracks/${trackId}`);
    expect(trackPage.status).toBe(200);
    const trackHtml = await trackPage.text();
    expect(trackHtml).toContain('Band &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(trackHtml).toContain('&lt;img src=x onerror=alert(1)&gt; Théâtre');
    expect(trackHtml).not.toContain('<img src=x');
    const { track } = await (await lee.request(`/api/tracks/${trackId}`)).json();
    expect(track.album).toBe('First "Album"');

    const search = await (await lee.request(`/search?q=${encodeURIComponent('théâtr')}`)).text();
    expect(search).toContain(`/tracks/${trackId}`);
    const none = await (await lee.request(`/search?q=${encodeURIComponent('zzzz nothing')}`)).text();
    expect(none).toContain('Nothing matches');

    const slot = await (await admin.request('/api/uploads', { method: 'POST', json: { filename: 'Hidden Draft.flac', size: 100, contentType: 'audio/flac' } })).json();
    expect((await lee.request(`/tracks/${slot.trackId}`)).status).toBe(404);
    expect(await (await lee.request('/search?q=hidden%20draft')).text()).not.toContain(slot.trackId);
    expect((await new Client(server.url).request('/search?q=x')).status).toBe(307);
  });

  it('search answers as you type: grouped, accents folded, refusing what it cannot answer with a message', async () => {
    const lee = await listener('lee@example.org');
    // The title is "<img …> Théâtre" by "Band & <b>Co</b>" on 'First "Album"' (the test above).
    const res = await lee.request(`/api/search?q=${encodeURIComponent('theatre')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const found = await res.json();
    expect(Object.keys(found).sort()).toEqual(['albums', 'artists', 'playlists', 'query', 'tracks']);
    expect(found.tracks.map((t: { id: string }) => t.id)).toEqual([trackId]);
    expect(found.tracks[0]).toMatchObject({ artist: 'Band & <b>Co</b>', album: 'First "Album"' });
    expect(Object.keys(found.tracks[0])).not.toContain('originalKey');
    const byArtist = await (await lee.request('/api/search?q=band&limit=1')).json();
    expect(byArtist.artists.map((a: { name: string }) => a.name)).toEqual(['Band & <b>Co</b>']);
    expect((await (await lee.request('/api/search?q=FIRST%20alb')).json()).albums.map((a: { title: string }) => a.title)).toEqual(['First "Album"']);
    expect(await (await lee.request('/api/search?q=')).json()).toEqual({ query: '', artists: [], albums: [], tracks: [], playlists: [] });

    const long = await lee.request(`/api/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect((await long.json()).error.message).toMatch(/at most 200 characters/);
    expect((await lee.request('/api/search?q=x&limit=500')).status).toBe(400);
    expect((await new Client(server.url).request('/api/search?q=theatre')).status).toBe(401);
    // The page opened with an over-long query says so instead of failing.
    const page = await (await lee.request(`/search?q=${'a'.repeat(300)}`)).text();
    expect(page).toContain('at most 200 characters');
  });
});

describe('streaming', () => {
  it('decodes end to end with ffmpeg as the HLS client, using the session cookie for the key', async () => {
    const fan = await listener('fan@example.org');
    const { masterUrl } = await (await startSession(fan, trackId)).json();
    const master = await (await fan.request(masterUrl)).text();
    expect(master).toContain(`/api/tracks/${trackId}/hls/64k.m3u8`);
    const variant = await (await fan.request(`/api/tracks/${trackId}/hls/128k.m3u8`)).text();
    expect(variant).toContain(`URI="/api/tracks/${trackId}/key?v=1"`);
    expect(variant).not.toContain('127.0.0.1:');
    expect(variant).toMatch(/^\/media\/tracks\/.+\/v1\/128k\/seg_00000\.ts$/m);

    const out = path.join(dir, 'decoded.wav');
    const cookie = `next-auth.session-token=${fan.cookie('next-auth.session-token')}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${server.url}${masterUrl}`, '-map', '0:a:0', out]);
    const decoded = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out], { encoding: 'utf8' }));
    expect(Math.abs(decoded - sourceSeconds)).toBeLessThan(0.1);

    // Without a session cookie the key is refused and nothing decodes.
    expect(() => execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', `${server.url}/api/tracks/${trackId}/hls/64k.m3u8`, '-map', '0:a:0', path.join(dir, 'nope.wav')], { stdio: 'pipe' })).toThrow();
  });

  it('hands a new session the playlists a player starts with, the same the playlist route serves, and never the key', async () => {
    const kim = await listener('kim@example.org');
    const { masterUrl, playlists } = await (await startSession(kim, trackId)).json();
    const lowest = `/api/tracks/${trackId}/hls/64k.m3u8`;
    expect(Object.keys(playlists).sort()).toEqual([lowest, masterUrl].sort());
    for (const url of [masterUrl, lowest]) expect(playlists[url]).toBe(await (await kim.request(url)).text());
    const key = Buffer.from(await (await kim.request(`/api/tracks/${trackId}/key`)).arrayBuffer());
    expect(JSON.stringify(playlists)).not.toContain(key.toString('hex'));
    expect(JSON.stringify(playlists)).not.toContain(key.toString('base64'));
  });
});
