import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { waitFor } from '../helpers/jobs';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs, type TrackJson } from './tracks';

// Issue 12, item 7: reprocess, upload complete and job retry answered 202 to a form post
// from another origin carrying an admin's cookie (a page on another port of the same host is
// same-site: SameSite=Lax cookies go with it). Every state-changing route now refuses a
// request a browser sends from another origin, unless it carries an API token.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const EVIL = 'http://evil.example';
const SOME_ID = '00000000-0000-4000-8000-000000000000';

let server: RunningServer;
let admin: Client;
let lee: Client & { id?: string };
let dir: string;
const ids = { ready: '', failed: '', failedRun: '', uploading: '', slot: '', token: '', tokenId: '', leeId: '', session: '', playlist: '', item: '' };

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  dir = await makeTempDir('mist-http-origin-');
  ids.ready = await uploadAs(admin, await makeTestAudio(dir, 'sine', 3), 'Kept.wav');
  ids.failed = await uploadAs(admin, await makeTestAudio(dir, 'text', 1), 'not-music.mp3');
  expect((await settled(admin, ids.ready)).status).toBe('ready');
  expect((await settled(admin, ids.failed)).status).toBe('failed');
  ids.failedRun = await waitFor('a failed job run', async () => {
    const { runs } = (await (await admin.request('/api/admin/jobs?status=failed')).json()) as { runs: { id: string }[] };
    return runs[0]?.id;
  });
  // An upload whose bytes arrived but that is not complete yet, and one with no bytes at all.
  const file = await makeTestAudio(dir, 'sine', 2);
  for (const key of ['uploading', 'slot'] as const) {
    const res = await admin.request('/api/uploads', { method: 'POST', json: { filename: `${key}.wav`, size: fs.statSync(file).size, contentType: 'audio/wav' } });
    expect(res.status).toBe(201);
    ids[key] = (await res.json()).trackId;
  }
  expect((await admin.request(`/api/uploads/${ids.uploading}/content`, { method: 'PUT', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
  const token = await (await admin.request('/api/admin/tokens', { method: 'POST', json: { name: 'import', scopes: ['admin'] } })).json();
  [ids.token, ids.tokenId] = [token.token, token.id];
  lee = await signedUpListener(server.url, 'lee@example.org');
  const { users } = (await (await admin.request('/api/admin/users')).json()) as { users: { id: string; email: string }[] };
  ids.leeId = users.find((u) => u.email === 'lee@example.org')!.id;
  ids.session = (await (await lee.request('/api/listening/sessions', { method: 'POST', json: { trackId: ids.ready } })).json()).sessionId;
  expect(ids.session).toBeTruthy();
  ids.playlist = (await (await lee.request('/api/playlists', { method: 'POST', json: { name: 'Lee’s' } })).json()).playlist.id;
  ids.item = (await (await lee.request(`/api/playlists/${ids.playlist}/items`, { method: 'POST', json: { trackIds: [ids.ready] } })).json()).items[0].itemId;
  expect(ids.item).toBeTruthy();
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

/** Every state-changing route handler: [method, route file under app/, a path to it, a body]. */
const routes = (): [string, string, string, string][] => [
  ['POST', 'api/tracks/[id]/reprocess', `/api/tracks/${ids.ready}/reprocess`, ''],
  ['POST', 'api/uploads/[id]/complete', `/api/uploads/${ids.uploading}/complete`, ''],
  ['POST', 'api/admin/jobs/[id]/retry', `/api/admin/jobs/${ids.failedRun}/retry`, ''],
  ['PATCH', 'api/admin/users/[id]', `/api/admin/users/${ids.leeId}`, JSON.stringify({ disabled: true })],
  ['PATCH', 'api/tracks/[id]', `/api/tracks/${ids.ready}`, JSON.stringify({ title: 'Defaced' })],
  ['DELETE', 'api/tracks/[id]', `/api/tracks/${ids.ready}`, ''],
  ['POST', 'api/admin/jobs/prune', '/api/admin/jobs/prune', '{}'],
  ['POST', 'api/admin/recommendations/rebuild', '/api/admin/recommendations/rebuild', ''],
  ['POST', 'api/admin/tokens', '/api/admin/tokens', JSON.stringify({ name: 'theirs now', scopes: ['listen'] })],
  ['DELETE', 'api/admin/tokens/[id]', `/api/admin/tokens/${ids.tokenId}`, ''],
  ['POST', 'api/uploads', '/api/uploads', JSON.stringify({ filename: 'x.wav', size: 10, contentType: 'audio/wav' })],
  ['PUT', 'api/uploads/[id]/content', `/api/uploads/${ids.slot}/content`, 'RIFF....WAVE'],
  ['POST', 'api/listening/sessions', '/api/listening/sessions', JSON.stringify({ trackId: ids.ready })],
  ['POST', 'api/listening/sessions/[id]/heartbeat', `/api/listening/sessions/${ids.session}/heartbeat`, JSON.stringify({ seq: 1, positionMs: 0, heardMs: 500 })],
  ['POST', 'api/signup', '/api/signup', JSON.stringify({ email: 'mallory@example.org', displayName: 'M', password: 'mallory password' })],
  ['POST', 'api/setup', '/api/setup', JSON.stringify({ email: 'mallory@example.org', displayName: 'M', password: 'mallory password' })],
  ['POST', 'api/auth/[...nextauth]', '/api/auth/signout', 'csrfToken=x'],
  ['POST', 'api/inngest', '/api/inngest?fnId=mist-prune-job-runs&stepId=step', '{}'],
  ['PUT', 'api/inngest', '/api/inngest', ''],
  ['PUT', 'api/me/likes/[trackId]', `/api/me/likes/${ids.ready}`, ''],
  ['DELETE', 'api/me/likes/[trackId]', `/api/me/likes/${ids.ready}`, ''],
  ['POST', 'api/playlists', '/api/playlists', JSON.stringify({ name: 'Forged' })],
  ['POST', 'api/playlists/preview', '/api/playlists/preview', JSON.stringify({ rules: { conditions: [{ field: 'liked' }] } })],
  ['POST', 'api/playlists/import', '/api/playlists/import?filename=forged.m3u', '#EXTM3U\n#EXTINF:1,Test Band - Forged\nforged.mp3\n'],
  ['POST', 'api/radio', '/api/radio', JSON.stringify({ seed: { trackId: ids.ready } })],
  ['PATCH', 'api/playlists/[id]', `/api/playlists/${ids.playlist}`, JSON.stringify({ name: 'Defaced', isPublic: true })],
  ['DELETE', 'api/playlists/[id]', `/api/playlists/${ids.playlist}`, ''],
  ['POST', 'api/playlists/[id]/items', `/api/playlists/${ids.playlist}/items`, JSON.stringify({ trackIds: [ids.ready], ifAlreadyThere: 'add' })],
  ['PATCH', 'api/playlists/[id]/items/[itemId]', `/api/playlists/${ids.playlist}/items/${ids.item}`, JSON.stringify({ position: 0 })],
  ['DELETE', 'api/playlists/[id]/items/[itemId]', `/api/playlists/${ids.playlist}/items/${ids.item}`, ''],
];

/** What the admin (and Lee) can see of everything those routes would change. */
async function state() {
  const track = async (id: string) => {
    const { track } = (await (await admin.request(`/api/tracks/${id}`)).json()) as { track?: TrackJson & { hlsVersion?: number } };
    return track ? { title: track.title, status: track.status } : null;
  };
  const json = async (p: string) => (await admin.request(p)).json();
  return {
    ready: await track(ids.ready),
    uploading: await track(ids.uploading),
    slot: await track(ids.slot),
    failedRuns: (await json('/api/admin/jobs?status=failed')).runs.map((r: { id: string }) => r.id),
    runs: (await json('/api/admin/jobs?limit=200')).runs.length,
    users: (await json('/api/admin/users')).users.map((u: { email: string; disabled: boolean; role: string }) => [u.email, u.disabled, u.role]),
    tokens: (await json('/api/admin/tokens')).tokens.map((t: { name: string; revokedAt: string | null }) => [t.name, t.revokedAt]),
    tracks: (await json('/api/admin/tracks?limit=200')).tracks.length,
    adminSignedIn: !!(await json('/api/auth/session')).user,
    leeSignedIn: !!(await (await lee.request('/api/auth/session')).json()).user,
    leeLikes: (await (await lee.request('/api/me/likes')).json()).tracks?.length ?? null,
    leePlaylists: (await (await lee.request('/api/playlists')).json()).playlists?.map((p: { name: string; isPublic: boolean; trackCount: number }) => [p.name, p.isPublic, p.trackCount]),
  };
}

/** The request a page on another site makes with a form: the browser adds the user's cookie. */
const send = (client: Client, method: string, pathname: string, body: string, headers: Record<string, string>) =>
  client.request(pathname, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

describe('state-changing requests sent from another origin', () => {
  it('covers every state-changing route handler in app/', () => {
    const found: string[] = [];
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'route.ts') {
          const source = fs.readFileSync(full, 'utf8');
          const route = path.relative('app', d).split(path.sep).join('/');
          for (const m of source.matchAll(/export (?:const|async function|function) (POST|PUT|PATCH|DELETE)\b|handler as (POST|PUT|PATCH|DELETE)\b/g)) found.push(`${m[1] ?? m[2]} ${route}`);
        }
      }
    };
    walk('app');
    expect(routes().map(([m, r]) => `${m} ${r}`).sort()).toEqual(found.sort());
  });

  it('are refused with 403 on every one, with an admin’s or a listener’s cookie, and change nothing', async () => {
    const before = await state();
    const answers = [];
    for (const [method, , pathname, body] of routes()) {
      const client = /\/(listening|playlists|me)\//.test(pathname) || pathname === '/api/playlists' ? lee : admin;
      const res = await send(client, method, pathname, body, { origin: EVIL });
      answers.push(`${method} ${pathname} → ${res.status} ${res.status === 403 ? (await res.json()).error.code : ''}`);
    }
    expect(answers).toEqual(routes().map(([method, , pathname]) => `${method} ${pathname} → 403 forbidden`));
    expect(await state()).toEqual(before);
  });

  it('are refused when the browser says cross-site or same-site (another port), whatever the Origin, and from an opaque origin or another port', async () => {
    const reprocess = `/api/tracks/${ids.ready}/reprocess`;
    const tries: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }, { origin: server.url.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`) }];
    for (const headers of tries) {
      expect((await send(admin, 'POST', reprocess, '', headers)).status, JSON.stringify(headers)).toBe(403);
    }
    expect((await send(admin, 'PATCH', `/api/admin/users/${ids.leeId}`, '', { 'sec-fetch-site': 'same-site', origin: server.url })).status).toBe(403);
    expect((await settled(admin, ids.ready)).status).toBe('ready');
  });
});

describe('server actions (Next’s own check, verified)', () => {
  /** The no-JavaScript form /admin/users renders to disable Lee, posted with `origin`. */
  async function disableLeeFrom(origin: string) {
    const html = await (await admin.request('/admin/users')).text();
    const form = [...html.matchAll(/<form[^>]*>(.*?)<\/form>/gs)].map((m) => m[1]!).find((f) => f.includes(ids.leeId) && f.includes('name="disabled" value="true"'));
    expect(form, 'the Disable form for Lee').toBeTruthy();
    const fields = new FormData();
    for (const m of form!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) fields.append(m[1]!, (m[2] ?? '').replaceAll('&quot;', '"'));
    return admin.request('/admin/users', { method: 'POST', body: fields, headers: { origin } });
  }
  const leeDisabled = async () => (await state()).users.find(([email]: [string]) => email === 'lee@example.org')[1];

  it('do not run when posted from another origin, another port included, and run from MIST’s', async () => {
    const otherPort = server.url.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`);
    for (const origin of [EVIL, otherPort]) {
      expect((await disableLeeFrom(origin)).status, origin).toBe(500);
      expect(await leeDisabled(), origin).toBe(false);
    }
    expect((await disableLeeFrom(server.url)).status).toBe(200);
    expect(await leeDisabled()).toBe(true);
    const enable = await admin.request(`/api/admin/users/${ids.leeId}`, { method: 'PATCH', json: { disabled: false } });
    expect(enable.status).toBe(200);
  });
});

describe('the same requests from MIST’s own pages', () => {
  it('work, as the browser sends them (Origin, Sec-Fetch-Site: same-origin)', async () => {
    const own = { origin: server.url, 'sec-fetch-site': 'same-origin' };
    const json = { ...own, 'content-type': 'application/json' };
    expect((await admin.request(`/api/tracks/${ids.ready}`, { method: 'PATCH', headers: json, body: JSON.stringify({ title: 'Renamed' }) })).status).toBe(200);
    expect((await state()).ready?.title).toBe('Renamed');
    expect((await admin.request(`/api/tracks/${ids.ready}/reprocess`, { method: 'POST', headers: own })).status).toBe(202);
    expect((await admin.request(`/api/uploads/${ids.uploading}/complete`, { method: 'POST', headers: own })).status).toBe(202);
    expect((await admin.request(`/api/admin/jobs/${ids.failedRun}/retry`, { method: 'POST', headers: own })).status).toBe(202);
    expect((await admin.request(`/api/admin/users/${ids.leeId}`, { method: 'PATCH', headers: json, body: JSON.stringify({ disabled: true }) })).status).toBe(200);
    expect((await admin.request(`/api/admin/users/${ids.leeId}`, { method: 'PATCH', headers: json, body: JSON.stringify({ disabled: false }) })).status).toBe(200);
    expect((await state()).users).toContainEqual(['lee@example.org', false, 'user']);
    expect((await settled(admin, ids.ready)).status).toBe('ready');
    expect((await settled(admin, ids.uploading)).status).toBe('ready');
  });

  it('work from an API token (Authorization: Bearer), with no Origin or any', async () => {
    const bearer = { authorization: `Bearer ${ids.token}`, 'content-type': 'application/json' };
    const extras: Record<string, string>[] = [{}, { origin: EVIL, 'sec-fetch-site': 'cross-site' }];
    for (const extra of extras) {
      const res = await fetch(`${server.url}/api/tracks/${ids.ready}`, { method: 'PATCH', headers: { ...bearer, ...extra }, body: JSON.stringify({ title: 'By token' }) });
      expect(res.status, JSON.stringify(extra)).toBe(200);
    }
  });

  it('work from a tool that sends neither Origin nor Sec-Fetch-Site (not a browser: curl with its own cookie)', async () => {
    const cookie = `next-auth.session-token=${admin.cookie('next-auth.session-token')}`;
    const res = await fetch(`${server.url}/api/tracks/${ids.ready}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'By curl' }) });
    expect(res.status).toBe(200);
  });

  it('delete a track, last', async () => {
    expect((await admin.request(`/api/tracks/${ids.ready}`, { method: 'DELETE', headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(204);
  });
});
