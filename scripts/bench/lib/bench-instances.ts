import http from 'node:http';
import { startServer, type RunningServer } from '../../lib/server';

/** One server of a benchmark run, with the counters the run keeps for it. */
export type Instance = {
  name: string;
  server: RunningServer;
  pid: number;
  port: number;
  /** Kept-alive connections to this instance only. */
  agent: http.Agent;
  beatMs: number[];
  requests: number;
  idleRss: number;
  /** The lifetime peak, read when the peak is reset after the first 15 s of load. */
  warmedUpHwm: number;
};

/**
 * `count` servers started together (as `docker compose up` starts replicas) with the same
 * environment and data directory, each on its own port; if one fails, the others are stopped.
 */
export async function startInstances(count: number, options: { dataDir: string; env: Record<string, string>; nodeArgs: string[]; sockets: number }): Promise<Instance[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(options)));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  return started.map((s, i) => {
    const server = (s as PromiseFulfilledResult<RunningServer>).value;
    return {
      name: count > 1 ? `instance ${String.fromCharCode(65 + i)}` : 'server',
      server,
      pid: server.child.pid!,
      port: Number(new URL(server.url).port),
      agent: new http.Agent({ keepAlive: true, maxSockets: options.sockets }),
      beatMs: [],
      requests: 0,
      idleRss: 0,
      warmedUpHwm: 0,
    };
  });
}
