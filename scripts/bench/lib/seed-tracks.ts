import fs from 'node:fs';
import path from 'node:path';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import type { Client } from '../../../tests/http/client';

export type SeededTrack = { id: string; title: string };

/** A tagged stereo FLAC of `seconds`, a chord so every track sounds (and encodes) differently. */
async function makeFlac(dir: string, i: number, seconds: number): Promise<string> {
  const file = path.join(dir, `bench-${i}.flac`);
  const f = 220 + i * 23;
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `aevalsrc='0.2*sin(2*PI*${f}*t)+0.1*sin(2*PI*${f * 1.5}*t)|0.2*sin(2*PI*${f * 1.25}*t)':s=44100:d=${seconds}`,
    '-metadata', `title=${trackTitle(i)}`, '-metadata', 'artist=Bench Band', '-metadata', 'album=Bench Album', '-metadata', `track=${i + 1}`,
    file,
  ]);
  return file;
}

export const trackTitle = (i: number) => `Bench ${String(i + 1).padStart(2, '0')}`;

/**
 * Uploads `count` generated tracks through the real path (slot, bytes, complete) as the signed-in
 * admin `client`, and waits until the ingest made them all ready.
 */
export async function seedTracks(client: Client, dir: string, count: number): Promise<SeededTrack[]> {
  const seeded: SeededTrack[] = [];
  for (let i = 0; i < count; i++) {
    const file = await makeFlac(dir, i, 20 + (i % 11));
    const slot = await client.request('/api/uploads', { method: 'POST', json: { filename: path.basename(file), size: fs.statSync(file).size, contentType: 'audio/flac' } });
    if (slot.status !== 201) throw new Error(`upload slot: HTTP ${slot.status} ${await slot.text()}`);
    const { trackId, uploadUrl } = (await slot.json()) as { trackId: string; uploadUrl: string };
    const put = await client.request(uploadUrl, { method: 'PUT', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 200) throw new Error(`upload: HTTP ${put.status}`);
    const done = await client.request(`/api/uploads/${trackId}/complete`, { method: 'POST' });
    if (done.status !== 202) throw new Error(`complete: HTTP ${done.status}`);
    seeded.push({ id: trackId, title: trackTitle(i) });
  }
  const deadline = Date.now() + 10 * 60_000;
  for (const t of seeded) {
    for (;;) {
      const { track } = (await (await client.request(`/api/tracks/${t.id}`)).json()) as { track: { status: string; error: string | null } };
      if (track.status === 'ready') break;
      if (track.status === 'failed') throw new Error(`${t.title} failed: ${track.error}`);
      if (Date.now() > deadline) throw new Error(`${t.title} is still ${track.status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return seeded;
}
