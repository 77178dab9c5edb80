import fs from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import { expect } from 'vitest';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { waitFor } from '../helpers/jobs';
import type { Client } from './client';

export type TrackJson = { id: string; status: string; progress: number; error: string | null; title: string; durationMs: number; coverUrl: string | null; loudness: { gainDb: number } | null };

/** Uploads a file as the admin UI does: slot, bytes, complete. Returns the track id. */
export async function uploadAs(client: Client, file: string, filename = path.basename(file)): Promise<string> {
  const slot = await client.request('/api/uploads', { method: 'POST', json: { filename, size: fs.statSync(file).size, contentType: 'audio/mpeg' } });
  expect(slot.status).toBe(201);
  const { trackId, uploadUrl, method } = await slot.json();
  expect(method).toBe('PUT');
  const put = await client.request(uploadUrl, { method: 'PUT', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } });
  expect(put.status).toBe(200);
  expect((await client.request(`/api/uploads/${trackId}/complete`, { method: 'POST' })).status).toBe(202);
  return trackId as string;
}

/** Waits until the track is ready or failed, as its admin sees it. */
export const settled = (client: Client, id: string) =>
  waitFor(
    `track ${id}`,
    async () => {
      const { track } = (await (await client.request(`/api/tracks/${id}`)).json()) as { track: TrackJson };
      return track.status === 'ready' || track.status === 'failed' ? track : undefined;
    },
    120_000,
  );

/**
 * The statuses of a track's processing runs once none is still running: the run's last step
 * publishes the track, and the run is marked completed a moment later.
 */
export async function processingRuns(sql: postgres.Sql, trackId: string): Promise<{ status: string }[]> {
  const runs = () => sql<{ status: string }[]>`select status from job_runs where function_id = 'mist-process-track' and event->'data'->>'trackId' = ${trackId}`;
  await waitFor('the processing run to finish', async () => (await runs()).every((r) => r.status !== 'running' && r.status !== 'queued'), 15_000);
  return [...(await runs())];
}

/** A FLAC sine tone with title, artist, album and track number tags, as a tagged upload. */
export async function makeTaggedFlac(dir: string, tags: { title: string; artist: string; album: string; track: number; frequency?: number; seconds?: number }): Promise<string> {
  const out = path.join(dir, `${tags.track}-${tags.frequency ?? 440}.flac`);
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${tags.frequency ?? 440}:duration=${tags.seconds ?? 4}`,
    '-metadata', `title=${tags.title}`, '-metadata', `artist=${tags.artist}`, '-metadata', `album=${tags.album}`, '-metadata', `track=${tags.track}`,
    out,
  ]);
  return out;
}
