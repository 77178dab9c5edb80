import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { actionId, callFormAction } from './actions';
import { Client } from './client';
import { runScript } from './import-cli';
import { startServer, type RunningServer } from './server';
import { type TrackJson } from './tracks';
import { waitFor } from '../helpers/jobs';

// Issue 12, item 10: API tokens could do anything their owner could, and outlived a password
// change. Now each has scopes chosen at creation, any admin can revoke any token, and a
// password change can take the account's tokens with it.

const ANN = { email: 'ann@example.org', password: 'ann password 1' };
let server: RunningServer;
let ann: Client;
let dir: string;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ANN.email, MIST_ADMIN_PASSWORD: ANN.password } });
  ann = new Client(server.url);
  expect((await ann.signIn(ANN.email, ANN.password)).status).toBe(200);
  dir = await makeTempDir('mist-http-tokens-');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

/** A signed-in account; an admin when `admin` (made one by Ann). */
async function account(email: string, password: string, admin = false): Promise<{ client: Client; id: string }> {
  const client = new Client(server.url);
  const res = await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password } });
  expect(res.status).toBe(201);
  const { user } = await res.json();
  if (admin) expect((await ann.request(`/api/admin/users/${user.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
  expect((await client.signIn(email, password)).status).toBe(200);
  return { client, id: user.id };
}

async function createToken(owner: Client, name: string, scopes: string[]): Promise<{ id: string; token: string }> {
  const res = await owner.request('/api/admin/tokens', { method: 'POST', json: { name, scopes } });
  expect(res.status).toBe(201);
  return res.json();
}

/** A request with nothing but the token: no cookie. */
function withToken(token: string, pathname: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(new URL(pathname, server.url), { ...init, headers, body: init.json === undefined ? init.body : JSON.stringify(init.json) });
}

const status = async (res: Promise<Response>) => (await res).status;

/** Uploads a file with a token, as the import CLI does: slot, bytes, complete. */
async function uploadWithToken(token: string, file: string): Promise<{ slot: number; put?: number; complete?: number; trackId?: string }> {
  const slotRes = await withToken(token, '/api/uploads', { method: 'POST', json: { filename: path.basename(file), size: fs.statSync(file).size, contentType: 'audio/wav' } });
  if (slotRes.status !== 201) return { slot: slotRes.status };
  const { trackId, uploadUrl } = await slotRes.json();
  const put = await status(withToken(token, uploadUrl, { method: 'PUT', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } }));
  const complete = await status(withToken(token, `/api/uploads/${trackId}/complete`, { method: 'POST' }));
  return { slot: 201, put, complete, trackId };
}

let readyTrack: string;

describe('token scopes', () => {
  it('lets an `import` token upload, complete and follow processing, but not list users, delete tracks or play', async () => {
    const { token } = await createToken(ann, 'NAS import', ['import']);
    const uploaded = await uploadWithToken(token, await makeTestAudio(dir, 'sine', 3));
    expect(uploaded).toMatchObject({ slot: 201, put: 200, complete: 202 });
    readyTrack = uploaded.trackId!;
    const track = await waitFor('the track to be processed', async () => {
      const { track } = (await (await withToken(token, `/api/tracks/${readyTrack}`)).json()) as { track: TrackJson };
      return track.status === 'ready' || track.status === 'failed' ? track : undefined;
    }, 120_000);
    expect(track.status).toBe('ready');

    const refused = await withToken(token, '/api/admin/users');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/needs the "admin" scope \(it has "import"\)/);
    expect(await status(withToken(token, `/api/tracks/${readyTrack}`, { method: 'DELETE' }))).toBe(403);
    expect(await status(withToken(token, '/api/admin/tokens', { method: 'POST', json: { name: 'escalate', scopes: ['admin'] } }))).toBe(403);
    expect(await status(withToken(token, '/api/listening/sessions', { method: 'POST', json: { trackId: readyTrack } }))).toBe(403);
    expect(await status(withToken(token, `/api/tracks/${readyTrack}/key`))).toBe(403);
  });

  it('lets a `listen` token play, and refuses it (403) on uploads and admin routes', async () => {
    const { token } = await createToken(ann, 'Phone player', ['listen']);
    const session = await withToken(token, '/api/listening/sessions', { method: 'POST', json: { trackId: readyTrack } });
    expect(session.status).toBe(201);
    const { sessionId } = await session.json();
    expect(await status(withToken(token, `/api/tracks/${readyTrack}/key`))).toBe(200);
    expect(await status(withToken(token, `/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: { seq: 1, positionMs: 500, heardMs: 500 } }))).toBe(200);
    expect(await status(withToken(token, '/api/me/plays'))).toBe(200);

    const upload = await withToken(token, '/api/uploads', { method: 'POST', json: { filename: 'a.wav', size: 1000, contentType: 'audio/wav' } });
    expect(upload.status).toBe(403);
    expect((await upload.json()).error.message).toMatch(/needs the "import" scope \(it has "listen"\)/);
    const someId = '6f1c2a8e-0d4b-4e57-9a61-3c2f1b0e9d77';
    expect(await status(withToken(token, `/api/uploads/${someId}/content`, { method: 'PUT', body: 'x' }))).toBe(403);
    expect(await status(withToken(token, `/api/uploads/${someId}/complete`, { method: 'POST' }))).toBe(403);
    for (const route of ['/api/admin/users', '/api/admin/tracks', '/api/admin/tokens', '/api/admin/jobs']) expect(await status(withToken(token, route)), route).toBe(403);
    expect(await status(withToken(token, `/api/tracks/${readyTrack}/reprocess`, { method: 'POST' }))).toBe(403);
  });

  it('tells the import CLI user that only the `import` scope is needed', async () => {
    const { token } = await createToken(ann, 'wrong scope', ['listen']);
    const folder = path.join(dir, 'cli');
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(await makeTestAudio(dir, 'sine', 2), path.join(folder, 'one.wav'));
    fs.copyFileSync(await makeTestAudio(dir, 'chord', 2), path.join(folder, 'two.wav'));
    const { code, stderr } = await runScript(['scripts/import.ts', '--url', server.url, folder], { MIST_TOKEN: token });
    expect(code).toBe(2);
    expect(stderr).toMatch(/MIST refused the token: .*needs the "import" scope/);
    expect(stderr).toContain('The import needs only the "import" scope');
  });

  it('requires scopes at creation: the page’s boxes, or `scopes` in the API', async () => {
    const none = await ann.request('/api/admin/tokens', { method: 'POST', json: { name: 'no scopes' } });
    expect(none.status).toBe(400);
    expect((await none.json()).error.fieldErrors.scopes).toBeDefined();
    expect((await ann.request('/api/admin/tokens', { method: 'POST', json: { name: 'bad', scopes: ['root'] } })).status).toBe(400);
    const create = actionId('app/admin/tokens/actions.ts', 'createTokenAction');
    expect((await callFormAction(ann, '/admin/tokens', create, { name: 'from the page' })).result).toMatchObject({ ok: false, fieldErrors: { scopes: expect.any(Array) } });
    const made = await callFormAction(ann, '/admin/tokens', create, { name: 'from the page', scopes: 'listen' });
    expect(made.result).toMatchObject({ ok: true, name: 'from the page', token: expect.stringMatching(/^mist_/) });
    const { tokens } = await (await ann.request('/api/admin/tokens')).json();
    expect(tokens.find((t: { name: string }) => t.name === 'from the page')).toMatchObject({ scopes: ['listen'], owner: { email: ANN.email } });
  });
});

describe('revoking', () => {
  it('lets an admin revoke another admin’s token, which stops working at once', async () => {
    const ben = await account('ben@example.org', 'ben password 1', true);
    const bens = await createToken(ben.client, 'Ben’s backup script', ['admin']);
    const other = await createToken(ben.client, 'Ben’s player', ['listen']);
    expect(await status(withToken(bens.token, '/api/admin/users'))).toBe(200);

    // Ann sees every token with its owner and scopes, on the page and through the API.
    const { tokens } = await (await ann.request('/api/admin/tokens')).json();
    expect(tokens.find((t: { id: string }) => t.id === bens.id)).toMatchObject({ name: 'Ben’s backup script', scopes: ['admin'], owner: { email: 'ben@example.org' }, revokedAt: null });
    const page = await (await ann.request('/admin/tokens')).text();
    expect(page).toContain('ben@example.org');
    expect(page).toContain('Ben’s backup script');

    expect((await ann.request(`/api/admin/tokens/${bens.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await status(withToken(bens.token, '/api/admin/users'))).toBe(401);
    // And from the page, with its button.
    const revoke = await callFormAction(ann, '/admin/tokens', actionId('app/admin/tokens/actions.ts', 'revokeTokenAction'), { tokenId: other.id });
    expect(revoke.result).toMatchObject({ ok: true });
    expect(await status(withToken(other.token, '/api/me/plays'))).toBe(401);
    // A listener cannot.
    const lee = await account('lee@example.org', 'lee password 1');
    const mine = await createToken(ann, 'Ann’s', ['listen']);
    expect((await lee.client.request(`/api/admin/tokens/${mine.id}`, { method: 'DELETE' })).status).toBe(403);
    expect(await status(withToken(mine.token, '/api/me/plays'))).toBe(200);
  });

  it('revokes the account’s tokens with a password change when the box is ticked, and keeps them when not', async () => {
    const cat = await account('cat@example.org', 'cat password 1', true);
    const [first, second] = [await createToken(cat.client, 'one', ['listen']), await createToken(cat.client, 'two', ['import'])];
    const annsOwn = await createToken(ann, 'not Cat’s', ['listen']);
    const page = (await (await cat.client.request('/account')).text()).replaceAll('<!-- -->', '');
    expect(page).toContain('Also revoke my 2 API tokens');
    expect(page).toMatch(/<input type="checkbox"[^>]* name="revokeTokens" checked=""/);

    const change = (client: Client, fields: Record<string, string>) => callFormAction(client, '/account', actionId('app/account/actions.ts', 'changePasswordAction'), fields);
    const unticked = await change(cat.client, { currentPassword: 'cat password 1', newPassword: 'cat password 2' });
    expect(unticked.result).toMatchObject({ ok: true, message: 'Password changed. Every other device was signed out.' });
    expect(await status(withToken(first.token, '/api/me/plays'))).toBe(200);

    const again = new Client(server.url);
    expect((await again.signIn('cat@example.org', 'cat password 2')).status).toBe(200);
    const ticked = await change(again, { currentPassword: 'cat password 2', newPassword: 'cat password 3', revokeTokens: 'on' });
    expect(ticked.result).toMatchObject({ ok: true, message: 'Password changed. Every other device was signed out. 2 API tokens were revoked.' });
    expect(await status(withToken(first.token, '/api/me/plays'))).toBe(401);
    expect(await status(withToken(second.token, `/api/tracks/${readyTrack}`))).toBe(401);
    expect(await status(withToken(annsOwn.token, '/api/me/plays'))).toBe(200);
  });
});
