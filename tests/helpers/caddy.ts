import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { caddyfilePath } from './compose';

export type RunningCaddy = { url: string; output(): string; stop(): Promise<void> };

/**
 * Caddy running deploy/Caddyfile, the file docker-compose.yml mounts, with its `{$NAME}`
 * placeholders pointed at local ports: `env` takes MIST_PUBLIC_URL (the site, e.g.
 * http://127.0.0.1:PORT), MIST_UPSTREAM_A/B, MIST_MEDIA_UPSTREAM and S3_BUCKET. No admin
 * endpoint, and its state in a temp directory removed on stop().
 */
export async function startCaddy(env: Record<string, string>): Promise<RunningCaddy> {
  if (spawnSync('caddy', ['version']).error) throw new Error('caddy is not installed: run `apt-get install -y caddy`.');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-caddy-'));
  const child = spawn('caddy', ['run', '--config', caddyfilePath, '--adapter', 'caddyfile'], {
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), CADDY_ADMIN: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(home, { recursive: true, force: true });
  };
  const site = new URL(env.MIST_PUBLIC_URL!);
  const deadline = Date.now() + 15_000;
  while (!(await listening(site.hostname, Number(site.port)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Caddy did not start on ${site.origin}. Its output:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: site.origin, output: () => log, stop };
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
