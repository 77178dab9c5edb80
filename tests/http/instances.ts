import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import type { Client } from './client';
import { startServer, type RunningServer } from './server';

/**
 * Two MIST processes as `docker compose up` starts two replicas: the same environment, at
 * the same moment, each with its own port. `dataDir` shared means one media directory.
 */
export async function startInstances(env: Record<string, string>, dataDir?: string): Promise<[RunningServer, RunningServer]> {
  const started = await Promise.allSettled([startServer({ env, dataDir }), startServer({ env, dataDir })]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<RunningServer>).value) as [RunningServer, RunningServer];
}

/** A machine dying: the server and every process it started (ffmpeg, the features worker) at once. */
export async function crash(server: RunningServer): Promise<void> {
  const tree = (pid: number): number[] => {
    let kids: number[] = [];
    try {
      kids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      // ps exits 1 when there are none
    }
    return [pid, ...kids.flatMap(tree)];
  };
  for (const pid of tree(server.child.pid!)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await server.exited;
}

/**
 * Polls `request` (five times a second: each poll of the key route is charged to the
 * listener's limit) until it answers `status`; returns how long that took, or fails after `ms`.
 */
export async function answersWithin(request: () => Promise<Response>, status: number, ms: number): Promise<number> {
  const start = Date.now();
  let last = 0;
  while (Date.now() - start <= ms) {
    const res = await request();
    await res.arrayBuffer();
    last = res.status;
    if (last === status) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect.fail(`expected ${status} within ${ms} ms, still ${last}`);
}

export const startSession = async (client: Client, trackId: string): Promise<string> => {
  const res = await client.request('/api/listening/sessions', { method: 'POST', json: { trackId } });
  expect(res.status).toBe(201);
  return (await res.json()).sessionId as string;
};

export const key = (client: Client, trackId: string) => client.request(`/api/tracks/${trackId}/key`);

export const beat = (client: Client, sessionId: string, body: { seq: number; positionMs: number; heardMs: number; ended?: boolean }) =>
  client.request(`/api/listening/sessions/${sessionId}/heartbeat`, { method: 'POST', json: body });
