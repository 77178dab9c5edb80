import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { actionId, callFormAction } from './actions';
import { Client } from './client';
import { beat, key, startSession } from './instances';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

// Issue 12, item 9: signing out must end the session on the server. Before, a copy of the
// cookie kept working for its 30 days: on every API route, every page, and the key and
// heartbeat routes the server entry answers before Next.

const ADMIN = { email: 'admin@example.org', password: 'admin password 1' };
const AUTH_SECRET = 'security-sessions-test-secret-of-enough-length';
const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0';
const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const PASSWORD = 'listen password';

let server: RunningServer;
let trackId: string;

beforeAll(async () => {
  server = await startServer({
    env: {
      MIST_ADMIN_EMAIL: ADMIN.email,
      MIST_ADMIN_PASSWORD: ADMIN.password,
      AUTH_SECRET,
      // Long enough that only a sign-out being heard can explain a remembered grant ending.
      MIST_KEY_GRANT_CACHE_SECONDS: '60',
    },
  });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-http-sessions-');
  trackId = await uploadAs(admin, await makeTestAudio(dir, 'sine', 3), 'Sessions.wav');
  expect((await settled(admin, trackId)).status).toBe('ready');
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

/** A new account, signed in from a browser that says `userAgent`. */
async function account(email: string, userAgent = CHROME_LINUX): Promise<Client> {
  const client = new Client(server.url, undefined, { 'user-agent': userAgent });
  expect((await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password: PASSWORD } })).status).toBe(201);
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

/** The same account signed in from another browser. */
async function anotherBrowser(email: string, userAgent: string): Promise<Client> {
  const client = new Client(server.url, undefined, { 'user-agent': userAgent });
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

/** What a holder of this cookie can do: an API route, a page, and the two fast paths. */
async function reach(client: Client, listeningSession: string, seq: number) {
  const page = await client.request('/account');
  await page.arrayBuffer();
  return {
    api: (await client.request('/api/me/plays')).status,
    page: page.status === 307 ? page.headers.get('location') : page.status,
    key: (await key(client, trackId)).status,
    heartbeat: (await beat(client, listeningSession, { seq, positionMs: 1000, heardMs: 1000 })).status,
  };
}

const signedIn = { api: 200, page: 200, key: 200, heartbeat: 200 };
const signedOut = { api: 401, page: '/signin?callbackUrl=%2Faccount', key: 401, heartbeat: 401 };

const sessionIdsOnAccountPage = async (client: Client) => [...(await (await client.request('/account')).text()).matchAll(/name="sessionId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
const signOutSession = (client: Client, sessionId: string) => callFormAction(client, '/account', actionId('app/account/actions.ts', 'signOutSessionAction'), { sessionId });

describe('signing out', () => {
  it('ends the session on the server: a copy of the cookie is refused by API routes, pages, the key route and heartbeats', async () => {
    const lee = await account('lee@example.org');
    const listening = await startSession(lee, trackId);
    const copy = lee.copy();
    // Both the grant and the session are now remembered by the key route, for 60 s.
    expect(await reach(copy, listening, 1)).toEqual(signedIn);

    expect(await lee.signOut()).toBe(200);
    expect(lee.cookie('next-auth.session-token')).toBeUndefined();
    expect(await reach(copy, listening, 2)).toEqual(signedOut);
    expect(await (await copy.request('/api/auth/session')).json()).toEqual({});
    expect((await copy.request('/api/listening/sessions', { method: 'POST', json: { trackId } })).status).toBe(401);
    // Signing in again makes a new session; the copy stays out.
    expect((await lee.signIn('lee@example.org', PASSWORD)).status).toBe(200);
    expect((await lee.request('/api/me/plays')).status).toBe(200);
    expect((await copy.request('/api/me/plays')).status).toBe(401);
  });

  it('refuses a cookie from before sessions were recorded (no session id), as signed out', async () => {
    const kim = await account('kim@example.org');
    const { user } = await (await kim.request('/api/auth/session')).json();
    const listening = await startSession(kim, trackId);
    const token = await encode({ secret: AUTH_SECRET, token: { sub: user.id, email: user.email, name: user.name, role: 'user', sv: 0 } });
    const withOldCookie = new Client(server.url, undefined, { cookie: `next-auth.session-token=${token}` });
    expect(await reach(withOldCookie, listening, 1)).toEqual(signedOut);
    expect(await reach(kim, listening, 1)).toEqual(signedIn);
  });
});

describe('the account page’s signed-in devices', () => {
  it('lists this browser and the others, and signs another one out at once', async () => {
    const laptop = await account('ana@example.org', CHROME_LINUX);
    const phone = await anotherBrowser('ana@example.org', FIREFOX_ANDROID);
    const listening = await startSession(phone, trackId);
    expect(await reach(phone, listening, 1)).toEqual(signedIn);

    const html = await (await laptop.request('/account')).text();
    expect(html).toContain('Signed-in devices');
    expect(html).toContain('Chrome on Linux');
    expect(html).toContain('Firefox on Android');
    expect(html).toContain('This device');
    const others = await sessionIdsOnAccountPage(laptop);
    expect(others).toHaveLength(1); // the phone's; this browser signs out with its own button

    expect((await signOutSession(laptop, others[0]!)).result).toMatchObject({ ok: true });
    expect(await reach(phone, listening, 2)).toEqual(signedOut);
    expect((await laptop.request('/api/me/plays')).status).toBe(200);
    expect(await sessionIdsOnAccountPage(laptop)).toEqual([]);
  });

  it('lets no other account sign your sessions out', async () => {
    const owner = await account('owner@example.org');
    const phone = await anotherBrowser('owner@example.org', FIREFOX_ANDROID);
    const [phoneSession] = await sessionIdsOnAccountPage(owner);
    const eve = await account('eve@example.org');
    expect((await signOutSession(eve, phoneSession!)).result).toMatchObject({ ok: false, message: 'No such session: it may have signed out already.' });
    expect((await signOutSession(eve, 'not-a-session')).result).toMatchObject({ ok: false });
    expect((await phone.request('/api/me/plays')).status).toBe(200);
    expect(await sessionIdsOnAccountPage(owner)).toEqual([phoneSession]);
  });

  it('"sign out everywhere" ends every browser’s session, the one that asked too', async () => {
    const laptop = await account('ivy@example.org', CHROME_LINUX);
    const phone = await anotherBrowser('ivy@example.org', FIREFOX_ANDROID);
    const listening = await startSession(phone, trackId);
    expect(await reach(phone, listening, 1)).toEqual(signedIn);
    const everywhere = await callFormAction(laptop, '/account', actionId('app/account/actions.ts', 'signOutEverywhereAction'), {});
    expect(everywhere.result).toMatchObject({ ok: true, message: 'Signed out everywhere.' });
    expect(await reach(phone, listening, 2)).toEqual(signedOut);
    expect((await laptop.request('/api/me/plays')).status).toBe(401);
    // The password still works: a new sign-in is a new session.
    const again = await anotherBrowser('ivy@example.org', CHROME_LINUX);
    expect((await again.request('/api/me/plays')).status).toBe(200);
  });
});
