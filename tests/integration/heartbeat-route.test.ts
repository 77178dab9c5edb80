import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/listening/sessions/[id]/heartbeat/route';
import type { DbHandle } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { insertTrack } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { endAuthSession, startAuthSession } from '@/lib/auth/auth-sessions';
import { getAuthOptions } from '@/lib/auth/options';
import { answerHeartbeatFromNode } from '@/lib/listening/heartbeat-route';
import { onFreshApp } from '../helpers/app';
import { BOTH_DATABASES } from '../helpers/db';

// In production node:http answers heartbeats before Next (scripts/lib/server-entry.mjs); the
// route handler answers when that entry is not in front. Both must answer every request alike.
let h: DbHandle;
let fastPath: http.Server;
let base: string;
beforeAll(async () => {
  fastPath = http.createServer((req, res) => {
    if (!answerHeartbeatFromNode(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((r) => fastPath.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(fastPath.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => fastPath?.close(r));
});

/** A session cookie as sign-in mints it, for a new signed-in session (`sid: null`: one from before sessions were recorded). */
async function cookieFor(userId: string, sessionVersion = 0, sid?: string | null) {
  const { secret } = await getAuthOptions();
  const session = sid === null ? {} : { sid: sid ?? (await startAuthSession(h.db, userId, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0')) };
  return `next-auth.session-token=${await encode({ secret: secret!, token: { sub: userId, role: 'user', sv: sessionVersion, ...session } })}`;
}

type Ask = { sessionId: string; cookie?: string; body: string; contentType?: string };

/** The same request to the route handler and to the node fast path: status and body of each. */
async function both({ sessionId, cookie, body, contentType = 'application/json' }: Ask) {
  const headers: Record<string, string> = { 'content-type': contentType, ...(cookie ? { cookie } : {}) };
  const url = `/api/listening/sessions/${sessionId}/heartbeat`;
  // Next hands the route X-Forwarded-Proto (and the cookie name depends on it); node:http has the socket.
  const viaRoute = await POST(new Request(`http://mist.test${url}`, { method: 'POST', headers: { ...headers, 'x-forwarded-proto': 'http' }, body }), {
    params: Promise.resolve({ id: sessionId }),
  });
  const viaNode = await fetch(`${base}${url}`, { method: 'POST', headers, body });
  return [
    { status: viaRoute.status, body: await viaRoute.json() },
    { status: viaNode.status, body: await viaNode.json() },
  ];
}

describe.each(BOTH_DATABASES)('the heartbeat route handler and the node fast path on %s', (_name, open) => {
  onFreshApp(open, (app) => (h = app.h));

  it('answer every case alike, and apply a beat once whichever of them takes it', async () => {
    const [lee, ana] = [await insertUser(h.db, { email: 'lee@example.org', displayName: 'Lee', passwordHash: 'x', role: 'user' }), await insertUser(h.db, { email: 'ana@example.org', displayName: 'Ana', passwordHash: 'x', role: 'user' })];
    const song = await insertTrack(h.db, { title: 'Song', status: 'ready', durationMs: 200_000, originalFilename: 's.flac', originalKey: 'originals/s', declaredContentType: 'audio/flac' });
    const { id } = await insertListeningSession(h.db, { userId: lee.id, trackId: song.id, clientInfo: null, keyFetchedAt: new Date(Date.now() - 60_000) });
    const leesSession = await startAuthSession(h.db, lee.id, null);
    const lees = await cookieFor(lee.id, 0, leesSession);
    const beat = JSON.stringify({ seq: 1, positionMs: 1_000, heardMs: 1_000 });
    const signedOut = await startAuthSession(h.db, lee.id, null);
    const signedOutCookie = await cookieFor(lee.id, 0, signedOut);
    expect(await endAuthSession(h.db, lee.id, signedOut)).toBe(true);

    const cases: [Ask, number][] = [
      [{ sessionId: id, body: beat }, 401],
      [{ sessionId: id, cookie: await cookieFor(lee.id, 7), body: beat }, 401], // a cookie from before a password change
      [{ sessionId: id, cookie: signedOutCookie, body: beat }, 401], // a copy of a cookie whose browser signed out
      [{ sessionId: id, cookie: await cookieFor(lee.id, 0, null), body: beat }, 401], // a cookie from before sessions were recorded
      [{ sessionId: id, cookie: await cookieFor(ana.id, 0, leesSession), body: beat }, 401], // another account's session id
      [{ sessionId: id, cookie: await cookieFor(ana.id), body: beat }, 403],
      [{ sessionId: 'not-a-session', cookie: lees, body: beat }, 404],
      [{ sessionId: '00000000-0000-4000-8000-000000000000', cookie: lees, body: beat }, 404],
      [{ sessionId: id, cookie: lees, body: '{"seq": 1,' }, 400],
      [{ sessionId: id, cookie: lees, body: JSON.stringify({ seq: 0, positionMs: 0, heardMs: 0 }) }, 400],
      [{ sessionId: id, cookie: lees, body: beat, contentType: 'application/x-www-form-urlencoded' }, 415],
      [{ sessionId: id, cookie: lees, body: JSON.stringify({ seq: 1, positionMs: 0, heardMs: 0, pad: 'x'.repeat(70_000) }) }, 413],
      // The beat itself (a sendBeacon body): the first of the two applies it, the second is a repeat.
      [{ sessionId: id, cookie: lees, body: beat, contentType: 'text/plain;charset=UTF-8' }, 200],
    ];
    for (const [ask, status] of cases) {
      const [route, node] = await both(ask);
      expect(route.status, JSON.stringify(route.body)).toBe(status);
      expect(node).toEqual(route);
    }
    const [route] = await both({ sessionId: id, cookie: lees, body: JSON.stringify({ seq: 2, positionMs: 2_000, heardMs: 2_000 }) });
    expect(route.body).toEqual({ counted: false, heardMs: 2_000, ended: false });
  });
});

describe('the node fast path', () => {
  it('leaves every other request to Next', async () => {
    for (const [method, path] of [['GET', '/api/listening/sessions/x/heartbeat'], ['POST', '/api/listening/sessions'], ['POST', '/api/listening/sessions/a/b/heartbeat'], ['POST', '/api/listening/sessions/%2e%2e/heartbeat']]) {
      expect((await fetch(`${base}${path}`, { method })).status).toBe(418);
    }
  });
});
