import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { settled, uploadAs } from './tracks';

// Issue 12, item 5: one account opened 100 listening sessions in under a second, sent one
// beat per session without ever fetching a key or a segment, made 40 counted plays in about
// 8 s, and put the track in "Popular this week" for everyone. A play must cost listening.

const env = { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' };
/** Every track here lasts 4 s: half of it heard (2 s) makes a play. */
const PLAY_MS = 2_000;
/** How far heard time may run ahead of the server's clock (lib/listening/plays.ts). */
const SLACK_MS = 3_000;

let server: RunningServer;
const t = { attacked: '', parallel: '', spare: '', solo: '', shared: '' };

type BeatReply = { counted: boolean; heardMs: number; ended: boolean };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const listener = (email: string) => signedUpListener(server.url, email);
const start = (client: Client, trackId: string, deviceId?: string) =>
  client.request('/api/listening/sessions', { method: 'POST', json: deviceId ? { trackId, deviceId } : { trackId } });
async function session(client: Client, trackId: string, deviceId?: string): Promise<string> {
  const res = await start(client, trackId, deviceId);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { sessionId: string }).sessionId;
}
/** What hls.js does before the first segment: fetch the track's key. */
const fetchKey = async (client: Client, trackId: string) => (await client.request(`/api/tracks/${trackId}/key`)).status;
async function beat(client: Client, sessionId: string, body: { seq: number; heardMs: number; ended?: boolean }): Promise<BeatReply> {
  const res = await client.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: { positionMs: body.heardMs, ...body } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as BeatReply;
}
const countedPlays = async (client: Client) => ((await (await client.request('/api/me/plays?limit=200')).json()) as { plays: { track: { id: string } }[] }).plays;
/** A real listener: starts the track, fetches its key, hears `ms` of it, moves on. */
async function listen(client: Client, trackId: string, ms: number, deviceId?: string): Promise<BeatReply> {
  const id = await session(client, trackId, deviceId);
  expect(await fetchKey(client, trackId)).toBe(200);
  await sleep(ms);
  return beat(client, id, { seq: 1, heardMs: ms, ended: true });
}

beforeAll(async () => {
  server = await startServer({ env });
  const admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-plays-');
  // A different sound for each track: MIST keeps one track per file.
  const kinds = ['chord', 'sine', 'quiet-sine', 'full-scale-sine', 'noise'] as const;
  for (const [i, name] of (Object.keys(t) as (keyof typeof t)[]).entries()) {
    const file = await makeTestAudio(dir, kinds[i]!, 4);
    t[name] = await uploadAs(admin, file, `${name}${path.extname(file)}`);
  }
  for (const id of Object.values(t)) expect((await settled(admin, id)).status).toBe('ready');
});
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('a play costs listening', () => {
  it('100 sessions opened at once, one beat each claiming the whole track, no key fetched: no play, and the sessions are rate-limited', async () => {
    const mallory = await listener('mallory@example.org');
    const starts = await Promise.all(Array.from({ length: 100 }, () => start(mallory, t.attacked)));
    const created = starts.filter((r) => r.status === 201);
    const refused = starts.filter((r) => r.status === 429);
    expect(created, 'sixty a minute are allowed').toHaveLength(60);
    expect(refused, 'session starts beyond the per-minute limit are refused').toHaveLength(40);
    expect(((await refused[0]!.clone().json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const ids = await Promise.all(created.map(async (r) => ((await r.json()) as { sessionId: string }).sessionId));

    await sleep(2_500); // the wall clock alone would allow 2.5 s (+3 s slack) per session
    const replies = await Promise.all(ids.map((id) => beat(mallory, id, { seq: 1, heardMs: 4_000, ended: true })));
    expect(replies.filter((r) => r.counted)).toEqual([]);
    expect(replies.every((r) => r.heardMs === 0), 'nothing is heard without the key').toBe(true);
    expect(await countedPlays(mallory)).toEqual([]);
  });

  it('with the key fetched for 20 sessions at once, at most one stream’s worth of heard time counts', async () => {
    const mel = await listener('mel@example.org');
    // Twenty "devices", so that no session replaces another on its device.
    const ids = await Promise.all(Array.from({ length: 20 }, () => session(mel, t.parallel, randomUUID())));
    const began = Date.now();
    expect(await Promise.all(ids.map(() => fetchKey(mel, t.parallel)))).toEqual(ids.map(() => 200));
    await sleep(3_000);
    const replies = await Promise.all(ids.map((id) => beat(mel, id, { seq: 1, heardMs: 4_000, ended: true })));
    const elapsed = Date.now() - began;

    const heard = replies.reduce((sum, r) => sum + r.heardMs, 0);
    expect(heard, 'heard time over every session together').toBeLessThanOrEqual(elapsed + SLACK_MS);
    const plays = (await countedPlays(mel)).length;
    expect(plays).toBe(replies.filter((r) => r.counted).length);
    expect(plays).toBeLessThanOrEqual(Math.floor((elapsed + SLACK_MS) / PLAY_MS));
    expect(plays, 'what was really heard still counts').toBeGreaterThanOrEqual(1);
  });

  it('a listener skipping through 20 tracks in a minute is never refused, and their next full listen counts', async () => {
    const sky = await listener('sky@example.org');
    const device = randomUUID();
    for (let i = 0; i < 20; i++) {
      const trackId = i % 2 ? t.parallel : t.spare;
      const id = await session(sky, trackId, device);
      expect(await fetchKey(sky, trackId)).toBe(200);
      await sleep(100);
      expect(await beat(sky, id, { seq: 1, heardMs: 100, ended: true })).toMatchObject({ counted: false, ended: true });
    }
    expect(await listen(sky, t.spare, 2_300, device)).toMatchObject({ counted: true });
  });

  it('a second device’s session does not end the first device’s; a new session on the same device replaces its last one', async () => {
    const dee = await listener('dee@example.org');
    const [phone, laptop] = [randomUUID(), randomUUID()];
    // The laptop restores its last track, paused (the player fetches the key), and waits.
    const paused = await session(dee, t.spare, laptop);
    expect(await fetchKey(dee, t.spare)).toBe(200);
    // Meanwhile the phone plays, and its play counts.
    expect(await listen(dee, t.spare, 2_300, phone)).toMatchObject({ counted: true });
    // The laptop's session is still alive: its beats apply, its key is still given, and once
    // it plays, it counts.
    expect(await beat(dee, paused, { seq: 1, heardMs: 0 })).toEqual({ counted: false, heardMs: 0, ended: false });
    expect(await fetchKey(dee, t.spare)).toBe(200);
    await sleep(2_300);
    expect(await beat(dee, paused, { seq: 2, heardMs: 2_300, ended: true })).toMatchObject({ counted: true });

    // On the phone, a track started and left at once for another: the first stops accruing
    // heard time when the second starts, whatever it claims later.
    const left = await session(dee, t.spare, phone);
    expect(await fetchKey(dee, t.spare)).toBe(200);
    const next = await session(dee, t.parallel, phone);
    expect(await fetchKey(dee, t.parallel)).toBe(200);
    await sleep(2_300);
    const claimedLate = await beat(dee, left, { seq: 1, heardMs: 2_300, ended: true });
    expect(claimedLate.counted).toBe(false);
    expect(claimedLate.heardMs).toBeLessThan(1_000);
    expect(await beat(dee, next, { seq: 1, heardMs: 2_300, ended: true })).toMatchObject({ counted: true });
  });

  it('a sixth device’s session supersedes the one heard from least recently; the other four go on', async () => {
    const kim = await listener('kim@example.org');
    const devices = Array.from({ length: 6 }, () => randomUUID());
    const firstKeyAsked = Date.now();
    const ids: string[] = [];
    for (const device of devices.slice(0, 5)) {
      ids.push(await session(kim, t.spare, device));
      expect(await fetchKey(kim, t.spare)).toBe(200);
    }
    // Four of them report in; the first has been silent since it started.
    for (const id of ids.slice(1)) expect(await beat(kim, id, { seq: 1, heardMs: 0 })).toMatchObject({ counted: false, ended: false });
    const sixth = await session(kim, t.parallel, devices[5]);
    const sixthStarted = Date.now();
    expect(await fetchKey(kim, t.parallel)).toBe(200);
    await sleep(2_300);

    // The first stopped accruing when the sixth started, whatever it claims now.
    const first = await beat(kim, ids[0]!, { seq: 1, heardMs: 2_300, ended: true });
    expect(first.heardMs).toBeLessThanOrEqual(sixthStarted - firstKeyAsked);
    expect(first.counted).toBe(first.heardMs >= PLAY_MS);
    // The sixth plays and counts; so does the second device, still live, once it plays on.
    expect(await beat(kim, sixth, { seq: 1, heardMs: 2_300, ended: true })).toMatchObject({ counted: true });
    await sleep(2_300);
    expect(await beat(kim, ids[1]!, { seq: 2, heardMs: 2_300, ended: true })).toMatchObject({ counted: true, heardMs: 2_300 });
  });

  it('"Popular this week" ranks by listeners: one account’s many plays do not outrank a track heard by two people', async () => {
    const fan = await listener('fan@example.org');
    for (let i = 0; i < 3; i++) expect(await listen(fan, t.solo, 2_300)).toMatchObject({ counted: true });
    const pair = await Promise.all(['ann@example.org', 'bob@example.org'].map(listener));
    expect(await Promise.all(pair.map((c) => listen(c, t.shared, 2_300)))).toMatchObject([{ counted: true }, { counted: true }]);

    const home = await (await (await listener('lou@example.org')).request('/')).text();
    expect(home).toContain('Popular this week');
    const rail = home.slice(home.indexOf('Popular this week'), home.indexOf('Recently added'));
    const at = (id: string) => rail.indexOf(`/tracks/${id}`);
    expect(at(t.shared)).toBeGreaterThanOrEqual(0);
    expect(at(t.solo)).toBeGreaterThanOrEqual(0);
    expect(at(t.shared), 'two listeners outrank one listener’s three plays').toBeLessThan(at(t.solo));
    expect(at(t.attacked), 'the attacked track has no plays').toBe(-1);
  });
});
