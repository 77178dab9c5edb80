import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

describe('the data directory', () => {
  it('refuses a second server on the same directory; the first keeps its data', async () => {
    const first = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
    servers.push(first);
    const second = await startServer({ dataDir: first.dataDir, waitForHealth: false });
    servers.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/data directory .* is in use by another MIST process \(pid \d+/);

    const res = await fetch(`${first.url}/api/health`);
    expect(res.status).toBe(200);
    expect((await new Client(first.url).signIn('admin@example.org', 'admin password')).status).toBe(200);
  });

  it('keeps accounts across a restart, and starts after a crash left a stale lock', async () => {
    const env = { MIST_ADMIN_EMAIL: 'keeper@example.org', MIST_ADMIN_PASSWORD: 'keeper password' };
    const first = await startServer({ env });
    const signup = await new Client(first.url).request('/api/signup', { method: 'POST', json: { email: 'stays@example.org', displayName: 'Stays', password: 'stays password' } });
    expect(signup.status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(`${first.dataDir}/mist.lock`)).toBe(true);

    const second = await startServer({ dataDir: first.dataDir });
    servers.push(second);
    expect((await new Client(second.url).signIn('stays@example.org', 'stays password')).status).toBe(200);
  });

  it('stops at start with a message naming a badly set variable', async () => {
    const bad = await startServer({ env: { MIST_REGISTRATION: 'sometimes' }, waitForHealth: false });
    servers.push(bad);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/MIST_REGISTRATION: .*"open".*"closed"/);
  });
});
