import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

// Issue 12, item 6: no security headers, so a page on another port framed the signed-in
// /admin/users. Pages carry a Content-Security-Policy with a nonce per response; every
// response, whoever answers it, carries the other headers.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
let server: RunningServer;
let admin: Client;
let trackId: string;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-http-headers-');
  trackId = await uploadAs(admin, await makeTestAudio(dir, 'sine', 2), 'Tone.wav');
  expect((await settled(admin, trackId)).status).toBe('ready');
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

function expectCommonHeaders(res: Response, what: string) {
  expect(
    {
      nosniff: res.headers.get('x-content-type-options'),
      referrer: res.headers.get('referrer-policy'),
      permissions: res.headers.get('permissions-policy')?.includes('camera=()'),
      frames: res.headers.get('x-frame-options'),
      hsts: res.headers.get('strict-transport-security'),
    },
    what,
  ).toEqual({ nosniff: 'nosniff', referrer: 'strict-origin-when-cross-origin', permissions: true, frames: 'DENY', hsts: null });
}

describe('pages', () => {
  it('carry a Content-Security-Policy with a new nonce each time, on every script Next writes', async () => {
    const [first, second] = [await admin.request('/'), await admin.request('/')];
    const policy = first.headers.get('content-security-policy')!;
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self' 'nonce-");
    const nonce = nonceOf(policy)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(3);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    expectCommonHeaders(first, 'home');
  });

  it('include the signed-in admin pages, and the redirect to sign in', async () => {
    const users = await admin.request('/admin/users');
    expect(users.status).toBe(200);
    expect(users.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expectCommonHeaders(users, '/admin/users');
    const redirect = await new Client(server.url).request('/admin/users');
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('every other response', () => {
  it('carries the headers too: API, the routes answered before Next, /media, static files, 404s', async () => {
    const { masterUrl, sessionId } = await (await admin.request('/api/listening/sessions', { method: 'POST', json: { trackId } })).json();
    const variant = await (await admin.request(`/api/tracks/${trackId}/hls/64k.m3u8`)).text();
    const segment = /^\/media\/.+\.ts$/m.exec(variant)![0];
    const html = await (await admin.request('/')).text();
    const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
    const responses: [string, Response][] = [
      ['health', await fetch(`${server.url}/api/health`)],
      ['an API error', await fetch(`${server.url}/api/admin/users`)],
      ['the key (fast path)', await admin.request(`/api/tracks/${trackId}/key`)],
      ['a heartbeat (fast path)', await admin.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: { seq: 1, positionMs: 0, heardMs: 0 } })],
      ['a playlist', await admin.request(masterUrl)],
      ['a segment on /media', await fetch(`${server.url}${segment}`)],
      ['a static script', await fetch(`${server.url}${chunk}`)],
      ['a missing page', await fetch(`${server.url}/no/such/page`)],
    ];
    for (const [what, res] of responses) {
      expect(res.status, what).toBeLessThan(what.includes('error') || what.includes('missing') ? 500 : 300);
      expectCommonHeaders(res, what);
    }
  });
});

describe('with MIST_PUBLIC_URL on https', () => {
  it('adds HSTS to every response and upgrades insecure requests on pages', async () => {
    const https = await startServer({ env: { MIST_PUBLIC_URL: 'https://music.example.org' } });
    try {
      for (const pathname of ['/api/health', '/signin']) {
        const res = await fetch(`${https.url}${pathname}`);
        expect(res.headers.get('strict-transport-security'), pathname).toBe('max-age=31536000');
      }
      expect((await fetch(`${https.url}/signin`)).headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
    } finally {
      await https.stop();
    }
  });
});
