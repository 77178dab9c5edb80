import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { freshPostgres, testPostgresUrl, type FreshPostgres } from '../helpers/postgres';
import { startRedis } from '../helpers/redis';
import { waitFor } from '../helpers/jobs';
import { Client, signedUpListener } from './client';
import { answersWithin, beat, crash, key, startInstances, startSession } from './instances';
import type { RunningServer } from './server';
import { processingRuns, settled, uploadAs } from './tracks';

// Many instances, one truth: two MIST processes on one PostgreSQL, one Redis and one media
// directory, as two replicas behind a load balancer. Every request below picks its instance.
const run = Date.now().toString(36);
const OPS = { email: `ops-${run}@example.org`, password: 'ops password' };
let pg: FreshPostgres;
let redis: Awaited<ReturnType<typeof startRedis>>;
let sql: postgres.Sql;
let a: RunningServer;
let b: RunningServer;
let mediaDir: string;
let audioDir: string;
let adminA: Client;
let trackId: string;
let sourceSeconds: number;

const seconds = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));
const userId = async (client: Client) => (await (await client.request('/api/auth/session')).json()).user.id as string;

describe.runIf(testPostgresUrl())('two MIST instances on one PostgreSQL, one Redis and one media directory', () => {
  beforeAll(async () => {
    pg = await freshPostgres();
    redis = await startRedis();
    sql = postgres(pg.url, { max: 2, onnotice: () => {} });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-instances-'));
    mediaDir = path.join(dataDir, 'media');
    [a, b] = await startInstances(
      {
        DATABASE_URL: pg.url,
        DATABASE_POOL_MAX: '4',
        REDIS_URL: redis.url,
        MIST_ADMIN_EMAIL: OPS.email,
        MIST_ADMIN_PASSWORD: OPS.password,
        MIST_SIGNIN_MAX_PER_ACCOUNT: '3',
        MIST_SIGNUP_MAX_PER_IP_HOUR: '2',
        MIST_KEY_MAX_PER_MINUTE_USER: '8',
        // Long enough that only being told can explain a grant ending within a second.
        MIST_KEY_GRANT_CACHE_SECONDS: '60',
        MIST_JOB_LEASE_SECONDS: '3',
      },
      dataDir,
    );
    adminA = new Client(a.url);
    expect((await adminA.signIn(OPS.email, OPS.password)).status).toBe(200);
    audioDir = await makeTempDir('mist-http-instances-');
    const file = await makeTestAudio(audioDir, 'chord', 13);
    sourceSeconds = seconds(file);
    trackId = await uploadAs(adminA, file, 'Both Ways.flac');
    expect((await settled(adminA.at(b.url), trackId)).status).toBe('ready');
  }, 180_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sql?.end({ timeout: 5 });
    await pg?.stop();
    await redis?.stop();
    await removeTempDirs();
  });

  it('start together on an empty database: migrations applied once, the admin created once, both healthy', async () => {
    for (const server of [a, b]) {
      const health = await (await fetch(`${server.url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'postgres', cache: { kind: 'redis' } });
      expect(server.output()).not.toContain('cannot start');
    }
    const journal = JSON.parse(fs.readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    const [{ n: applied }] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied).toBe(journal.entries.length);
    expect(await sql`select email, role from users`).toEqual([{ email: OPS.email, role: 'admin' }]);
    expect([a, b].filter((s) => s.output().includes('created the admin account'))).toHaveLength(1);
  });

  it('processes an upload finished on A exactly once, and plays it through B with a cookie signed on A', async () => {
    const adminB = adminA.at(b.url);
    expect(await userId(adminB)).toBe(await userId(adminA));
    const { track } = await (await adminB.request(`/api/tracks/${trackId}`)).json();
    expect(track).toMatchObject({ status: 'ready', title: 'Both Ways' });

    const runs = await processingRuns(sql, trackId);
    expect(runs).toEqual([{ status: 'completed' }]);
    expect(await sql`select count(*)::int as n from track_keys where track_id = ${trackId}`).toEqual([{ n: 1 }]);
    expect(fs.readdirSync(path.join(mediaDir, 'tracks', trackId))).toEqual(['v1']);

    const lee = await signedUpListener(a.url, `lee-${run}@example.org`);
    await startSession(lee, trackId); // on A
    const leeOnB = lee.at(b.url);
    const granted = await key(leeOnB, trackId);
    expect(granted.status).toBe(200);
    expect((await granted.arrayBuffer()).byteLength).toBe(16);

    // ffmpeg as the player: master, variant, key and segments all through B.
    const out = path.join(audioDir, 'through-b.wav');
    const cookie = `next-auth.session-token=${lee.cookie('next-auth.session-token')}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-headers', `Cookie: ${cookie}\r\n`, '-i', `${b.url}/api/tracks/${trackId}/hls/master.m3u8`, '-map', '0:a:0', out]);
    expect(Math.abs(seconds(out) - sourceSeconds)).toBeLessThan(0.1);
  });

  it('stops serving keys on B within a second of an account being disabled on A', async () => {
    const sam = await signedUpListener(a.url, `sam-${run}@example.org`);
    await startSession(sam, trackId);
    expect((await key(sam.at(b.url), trackId)).status).toBe(200); // B now remembers the grant
    const patch = await adminA.request(`/api/admin/users/${await userId(sam)}`, { method: 'PATCH', json: { disabled: true } });
    expect(patch.status).toBe(200);
    await answersWithin(() => key(sam.at(b.url), trackId), 401, 1000);
  });

  it('refuses a copy of a cookie on B’s key and heartbeat routes within a second of its browser signing out on A', async () => {
    const ivy = await signedUpListener(a.url, `ivy-${run}@example.org`);
    const listening = await startSession(ivy, trackId);
    const copyOnB = ivy.copy().at(b.url);
    expect((await key(copyOnB, trackId)).status).toBe(200); // B now remembers the session and the grant
    expect((await beat(copyOnB, listening, { seq: 1, positionMs: 500, heardMs: 500 })).status).toBe(200);
    expect(await ivy.signOut()).toBe(200); // on A
    await answersWithin(() => key(copyOnB, trackId), 401, 1000);
    expect((await beat(copyOnB, listening, { seq: 2, positionMs: 1000, heardMs: 1000 })).status).toBe(401);
    expect((await copyOnB.request('/api/me/plays')).status).toBe(401);
  });

  it('stops serving keys on B within a second of a track being deleted on A', async () => {
    const doomed = await uploadAs(adminA, await makeTestAudio(audioDir, 'sine', 3), 'Doomed.wav');
    expect((await settled(adminA, doomed)).status).toBe('ready');
    const kim = await signedUpListener(b.url, `kim-${run}@example.org`);
    await startSession(kim, doomed);
    expect((await key(kim, doomed)).status).toBe(200);
    expect((await adminA.request(`/api/tracks/${doomed}`, { method: 'DELETE' })).status).toBe(204);
    await answersWithin(() => key(kim, doomed), 404, 1000);
  });

  it('counts one play for a session whose heartbeats alternate between A and B, and never two for beats racing on both', async () => {
    const ana = await signedUpListener(a.url, `ana-${run}@example.org`);
    const onB = ana.at(b.url);
    const ben = await signedUpListener(b.url, `ben-${run}@example.org`);
    // The track lasts 13 s: 6.5 s heard is a play; heard time may not run ahead of the clock.
    // Each session's key comes from the other instance than the session: it counts all the same.
    const first = await startSession(ana, trackId);
    expect((await key(onB, trackId)).status).toBe(200);
    const second = await startSession(ben, trackId);
    expect((await key(ben.at(a.url), trackId)).status).toBe(200);
    const started = Date.now();
    expect((await (await beat(ana, first, { seq: 1, positionMs: 2_000, heardMs: 2_000 })).json()).counted).toBe(false);
    expect((await (await beat(onB, first, { seq: 2, positionMs: 4_000, heardMs: 4_000 })).json()).counted).toBe(false);
    await new Promise((r) => setTimeout(r, Math.max(0, 5_000 - (Date.now() - started))));
    expect((await (await beat(ana, first, { seq: 3, positionMs: 7_000, heardMs: 7_000 })).json()).counted).toBe(true);
    expect((await (await beat(onB, first, { seq: 4, positionMs: 9_000, heardMs: 9_000, ended: true })).json()).counted).toBe(true);

    // Ten beats at once, alternating instances, each one enough for a play on its own
    // (another listener's: a listener's own heard time never runs ahead of the clock).
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) => beat(i % 2 ? ben.at(a.url) : ben, second, { seq: i + 1, positionMs: 7_000 + i * 100, heardMs: 7_000 + i * 100 })),
    );
    expect(racing.map((r) => r.status)).toEqual(Array(10).fill(200));

    for (const who of [ana, ben]) expect(await sql`select plays from user_track_plays where user_id = ${await userId(who)} and track_id = ${trackId}`).toEqual([{ plays: 1 }]);
    const [{ n }] = await sql<{ n: number }[]>`select coalesce(sum(plays), 0)::int as n from listening_hourly where track_id = ${trackId}`;
    const [{ plays }] = await sql<{ plays: number }[]>`select plays from track_stats where track_id = ${trackId}`;
    expect([n, plays]).toEqual([2, 2]);
  });

  it('shares the sign-in, sign-up and key limits between the instances', async () => {
    const eve = await signedUpListener(a.url, `eve-${run}@example.org`);
    // One guesser, its attempts alternating between the instances: blocked on both.
    const guesser = new Client(a.url);
    for (const [i, server] of [a, b, a].entries()) expect((await guesser.at(server.url).signIn(`eve-${run}@example.org`, `wrong ${i}`)).status).toBe(401);
    expect((await guesser.at(b.url).signIn(`eve-${run}@example.org`, 'listen password')).status).toBe(429);

    const address = `127.${run.length}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const signUp = (server: RunningServer, n: number) =>
      new Client(server.url, address).request('/api/signup', { method: 'POST', json: { email: `many${n}-${run}@example.org`, displayName: 'Many', password: 'many password' } });
    expect((await signUp(a, 1)).status).toBe(201);
    expect((await signUp(b, 2)).status).toBe(201);
    expect((await signUp(a, 3)).status).toBe(429);

    await startSession(eve, trackId);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await key(i % 2 ? eve.at(b.url) : eve, trackId)).status);
    expect(statuses).toEqual([...Array(8).fill(200), 429]);
  });

  it('shows an edit made on A on B’s pages at once (the cache is shared)', async () => {
    const viewer = await signedUpListener(b.url, `viewer-${run}@example.org`);
    expect(await (await viewer.request(`/tracks/${trackId}`)).text()).toContain('Both Ways');
    expect((await adminA.request(`/api/tracks/${trackId}`, { method: 'PATCH', json: { title: 'Renamed On A' } })).status).toBe(200);
    const page = await (await viewer.request(`/tracks/${trackId}`)).text();
    expect(page).toContain('Renamed On A');
    expect(page).not.toContain('Both Ways');
  });

  it('finishes a run whose instance died mid-track on the other one, without running finished steps again', async () => {
    // Every stage change of every track, as the database saw it.
    await sql.unsafe(`
      create table stage_log (track_id uuid, stage text);
      create function log_stage() returns trigger language plpgsql as $$
        begin
          if new.stage is distinct from old.stage and new.stage is not null then insert into stage_log values (new.id, new.stage); end if;
          return new;
        end $$;
      create trigger log_stage after update on tracks for each row execute function log_stage();`);
    const long = await uploadAs(adminA, await makeTestAudio(audioDir, 'chord', 150), 'Long.flac');
    const stages = async () => (await sql<{ stage: string }[]>`select stage from stage_log where track_id = ${long}`).map((r) => r.stage);
    // Probed (its step saved) and encoding: kill whichever instance holds the run.
    await waitFor('encoding to start', async () => (await stages()).includes('encoding'), 60_000);
    const [{ owner }] = await sql<{ owner: string }[]>`select lease_owner as owner from job_runs where function_id = 'mist-process-track' and event->'data'->>'trackId' = ${long}`;
    const pid = Number(owner.split(':')[1]);
    const [dead, survivor] = a.child.pid === pid ? [a, b] : [b, a];
    expect(dead.child.pid).toBe(pid);
    await crash(dead);

    const admin = adminA.at(survivor.url);
    const track = await settled(admin, long);
    expect(track.status).toBe('ready');
    const runs = await processingRuns(sql, long);
    expect(runs).toEqual([{ status: 'completed' }]);
    const seen = await stages();
    expect(seen.filter((s) => s === 'checking the file')).toHaveLength(1); // the probe ran once
    expect(seen.filter((s) => s === 'encoding').length).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toBe('reading tags');

    const fan = await signedUpListener(survivor.url, `fan-${run}@example.org`);
    await startSession(fan, long);
    expect((await key(fan, long)).status).toBe(200);
  }, 180_000);
});
