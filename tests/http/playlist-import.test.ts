import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';
import { makeTaggedFlac, settled, uploadAs } from './tracks';

// POST /api/playlists/import: the file as the body, a preview back, nothing written.

let server: RunningServer;
let admin: Client;
let lee: Client;
let anonymous: Client;
const ids: Record<string, string> = {};

const importFile = (client: Client, body: BodyInit, query = '', type = 'text/plain; charset=utf-8') =>
  client.request(`/api/playlists/import${query}`, { method: 'POST', body, headers: { 'content-type': type } });
const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error });

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  await admin.signIn('admin@example.org', 'admin password');
  const dir = await makeTempDir('mist-http-import-');
  for (const [i, [title, artist]] of [['Théâtre', 'Zoë'], ['Night Drive', 'The Roads']].entries()) {
    ids[title!] = await uploadAs(admin, await makeTaggedFlac(dir, { title: title!, artist: artist!, album: 'Imports', track: i + 1, frequency: 330 + 110 * i }));
  }
  for (const id of Object.values(ids)) expect((await settled(admin, id)).status).toBe('ready');
  lee = await signedUpListener(server.url, 'lee@example.org');
  anonymous = new Client(server.url);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await removeTempDirs();
});

describe('POST /api/playlists/import', () => {
  it('previews an M3U8: the #PLAYLIST name, each line with what was read, its match and confidence; nothing is created', async () => {
    const file = '\ufeff#EXTM3U\r\n#PLAYLIST:Trip\r\n#EXTINF:4,ZOE - theatre\r\nMusic\\Zoe\\theatre.mp3\r\n#EXTINF:4,The Roads - Nite Drive\r\nroads.mp3\r\n#EXTINF:200,Nobody - Zzyzx Road\r\nzz.mp3\r\n';
    const res = await importFile(lee, file, '?filename=trip.m3u8');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = await res.json();
    expect(body.name).toBe('Trip');
    expect(body.format).toBe('m3u');
    expect(body.lines.map((l: { line: number; match: { track: { id: string }; confidence: number } | null }) => [l.line, l.match?.track.id ?? null])).toEqual([
      [4, ids['Théâtre']],
      [6, ids['Night Drive']],
      [8, null],
    ]);
    expect(body.lines[0]).toMatchObject({ text: 'Music\\Zoe\\theatre.mp3', parsed: { title: 'theatre', artist: 'ZOE', album: 'Zoe' }, match: { confidence: 1, track: { title: 'Théâtre', artist: 'Zoë', album: 'Imports', durationMs: expect.any(Number) } } });
    expect(body.lines[1].match.confidence).toBeGreaterThan(0.5);
    expect(body.lines[1].match.confidence).toBeLessThan(1);
    expect(body.lines[2].alternatives).toEqual(expect.any(Array));
    expect((await (await lee.request('/api/playlists')).json()).playlists).toEqual([]);
  });

  it('reads a CSV export, naming the playlist after the file', async () => {
    const res = await importFile(lee, '"Track Name","Artist Name(s)","Album Name"\n"Night Drive (feat. Someone)","The Roads, Someone","Imports"\n', '?filename=Road%20songs.csv', 'text/csv');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ name: 'Road songs', format: 'csv', lines: [{ line: 2, match: { confidence: 1, track: { id: ids['Night Drive'] } } }] });
  });

  it('refuses what is not a playlist with a message: empty, binary, too big, too many tracks, wrong type or format', async () => {
    expect(await errorOf(await importFile(lee, ''))).toMatchObject({ status: 400, message: 'The file is empty.' });
    expect(await errorOf(await importFile(lee, '#EXTM3U\n# just comments\n'))).toMatchObject({ status: 400, message: 'No tracks found in the file.' });
    expect(await errorOf(await importFile(lee, new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0x21, 0x76]), '', 'application/octet-stream'))).toMatchObject({ status: 400, message: expect.stringMatching(/not a text file/) });
    expect(await errorOf(await importFile(lee, 'x'.repeat(4 * 1024 * 1024 + 1)))).toMatchObject({ status: 413, message: 'The file is too large: at most 4 MB.' });
    const many = Array.from({ length: 10_001 }, (_, i) => `Song ${i},Band,`).join('\n');
    expect(await errorOf(await importFile(lee, many))).toMatchObject({ status: 413, message: expect.stringMatching(/At most 10,000 tracks per import; this file has 10,001/) });
    expect(await errorOf(await importFile(lee, '{"content": "x"}', '', 'application/json'))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(await errorOf(await importFile(lee, 'a,b,c', '?format=xspf'))).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await errorOf(await importFile(lee, 'Video ID,Time Added\nabc,2020\n'))).toMatchObject({ status: 400, message: expect.stringMatching(/No title column/) });
  });

  it('answers 401 to anyone not signed in, admins may import like listeners, and GET is not a route', async () => {
    expect(await errorOf(await importFile(anonymous, 'Théâtre,Zoë,'))).toMatchObject({ status: 401, code: 'unauthorized' });
    const res = await importFile(admin, 'Théâtre,Zoë,');
    expect(res.status).toBe(200);
    expect((await res.json()).lines[0].match.track.id).toBe(ids['Théâtre']);
    expect((await lee.request('/api/playlists/import')).status).toBe(405);
  });

  it('the reviewed matches become a playlist through the playlist routes, in file order, repeats kept', async () => {
    const preview = await (await importFile(lee, 'Night Drive,The Roads,\nTheatre,Zoe,\nNight Drive,The Roads,\n', '?filename=Mix.csv')).json();
    const trackIds = preview.lines.map((l: { match: { track: { id: string } } }) => l.match.track.id);
    const { playlist } = await (await lee.request('/api/playlists', { method: 'POST', json: { name: preview.name } })).json();
    expect((await lee.request(`/api/playlists/${playlist.id}/items`, { method: 'POST', json: { trackIds, ifAlreadyThere: 'add' } })).status).toBe(201);
    const got = await (await lee.request(`/api/playlists/${playlist.id}`)).json();
    expect(got.playlist.name).toBe('Mix');
    expect(got.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([ids['Night Drive'], ids['Théâtre'], ids['Night Drive']]);
  });
});
