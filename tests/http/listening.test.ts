import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';
import { listeningHourly, trackStats, userTrackPlays } from '@/db/schema';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

const env = { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' };
let server: RunningServer;
let trackId: string;

const listener = (email: string) => signedUpListener(server.url, email);
/** What the player does: a session, then the track's key (heard time counts from there). */
async function startSession(client: Client): Promise<string> {
  const res = await client.request('/api/listening/sessions', { method: 'POST', json: { trackId } });
  expect(res.status).toBe(201);
  expect((await client.request(`/api/tracks/${trackId}/key`)).status).toBe(200);
  return (await res.json()).sessionId;
}
const beat = (client: Client, sessionId: string, body: unknown, contentType = 'application/json') =>
  client.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  server = await startServer({ env });
  const admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  // 4 s long: half of it (2 s) heard makes a play.
  const file = await makeTestAudio(await makeTempDir('mist-http-beats-'), 'chord', 4);
  trackId = await uploadAs(admin, file, 'Short.flac');
  expect((await settled(admin, trackId)).status).toBe('ready');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('POST /api/listening/sessions/{id}/heartbeat', () => {
  it('answers 401, 403, 404, 400 and 415 as documented', async () => {
    const lee = await listener('lee@example.org');
    const ana = await listener('ana@example.org');
    const id = await startSession(lee);
    const ok = { seq: 1, positionMs: 500, heardMs: 500 };

    expect((await beat(new Client(server.url), id, ok)).status).toBe(401);
    const theirs = await beat(ana, id, ok);
    expect(theirs.status).toBe(403);
    expect((await theirs.json()).error.code).toBe('forbidden');
    expect((await beat(lee, '00000000-0000-4000-8000-000000000000', ok)).status).toBe(404);
    expect((await beat(lee, 'not-a-session', ok)).status).toBe(404);

    const malformed = await beat(lee, id, '{"seq": 1,');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('bad_request');
    const invalid = await beat(lee, id, { seq: 1, positionMs: 0, heardMs: 1.5, extra: true });
    expect(invalid.status).toBe(400);
    expect(Object.keys((await invalid.json()).error.fieldErrors).sort()).toEqual(['_', 'heardMs']);
    expect((await beat(lee, id, ok, 'application/x-www-form-urlencoded')).status).toBe(415);
    const huge = await beat(lee, id, { ...ok, padding: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('payload_too_large');

    // None of that touched the session: the first real beat applies.
    expect(await (await beat(lee, id, ok)).json()).toEqual({ counted: false, heardMs: 500, ended: false });
  });

  it('refuses the beats of an account disabled mid-session, and counts nothing', async () => {
    const admin = new Client(server.url);
    await admin.signIn('admin@example.org', 'admin password');
    const sam = await listener('sam@example.org');
    const id = await startSession(sam);
    expect((await beat(sam, id, { seq: 1, positionMs: 1_000, heardMs: 1_000 })).status).toBe(200);
    const samId = (await (await sam.request('/api/auth/session')).json()).user.id;
    expect((await admin.request(`/api/admin/users/${samId}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(200);
    const refused = await beat(sam, id, { seq: 2, positionMs: 3_000, heardMs: 3_000 });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
  });

  it('takes a navigator.sendBeacon body (text/plain holding JSON)', async () => {
    const lee = await listener('lee@example.org');
    const id = await startSession(lee);
    const res = await beat(lee, id, JSON.stringify({ seq: 1, positionMs: 1_000, heardMs: 1_000, ended: true }), 'text/plain;charset=UTF-8');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ counted: false, heardMs: 1_000, ended: true });
    const after = await beat(lee, id, { seq: 2, positionMs: 2_000, heardMs: 2_000 });
    expect(after.status).toBe(409);
  });

  it('loses no counted play across restarts mid-session, and counts it once', async () => {
    const ben = await listener('ben@example.org');
    const id = await startSession(ben);
    expect(await (await beat(ben, id, { seq: 1, positionMs: 1_000, heardMs: 1_000 })).json()).toMatchObject({ counted: false });

    const restart = async () => {
      await server.stop();
      // Same address, same data directory: the listener's cookie still works.
      server = await startServer({ env, dataDir: server.dataDir, port: Number(new URL(server.url).port) });
    };
    await restart();
    expect(await (await beat(ben, id, { seq: 2, positionMs: 2_500, heardMs: 2_500 })).json()).toEqual({ counted: true, heardMs: 2_500, ended: false });
    await restart();
    // The player resends its last beat, then goes on to the end.
    expect(await (await beat(ben, id, { seq: 2, positionMs: 2_500, heardMs: 2_500 })).json()).toEqual({ counted: true, heardMs: 2_500, ended: false });
    expect(await (await beat(ben, id, { seq: 3, positionMs: 3_500, heardMs: 3_500, ended: true })).json()).toEqual({ counted: true, heardMs: 3_500, ended: true });

    // Read the counters from the data directory once the server is down.
    await server.stop();
    const h = await openPglite(path.join(server.dataDir, 'db'));
    try {
      const [stats] = await h.db.select().from(trackStats).where(eq(trackStats.trackId, trackId));
      expect(stats).toMatchObject({ plays: 1 });
      const userPlays = await h.db.select({ plays: userTrackPlays.plays }).from(userTrackPlays).where(eq(userTrackPlays.trackId, trackId));
      expect(userPlays).toEqual([{ plays: 1 }]);
      const hours = await h.db.select().from(listeningHourly).where(eq(listeningHourly.trackId, trackId));
      expect(hours.reduce((n, r) => n + r.plays, 0)).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('a counted play puts the track on the home page under "Popular this week"', async () => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) server = await startServer({ env, dataDir: server.dataDir });
    const kim = await listener('kim@example.org');
    const id = await startSession(kim);
    await new Promise((r) => setTimeout(r, 2_200)); // heard time cannot outrun the clock
    expect(await (await beat(kim, id, { seq: 1, positionMs: 2_200, heardMs: 2_200 })).json()).toMatchObject({ counted: true });
    const home = await (await (await listener('lou@example.org')).request('/')).text();
    const rail = home.slice(home.indexOf('Popular this week'), home.indexOf('Recently added'));
    expect(home).toContain('Popular this week');
    expect(rail).toContain(`/tracks/${trackId}`);
  });
});
