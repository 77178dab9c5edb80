import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '@/lib/jobs/protocol';
import { freePort } from '../helpers/ports';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

// With Inngest configured, MIST sends events to it. Inngest's server cannot run here, so a
// stand-in records what its Event API receives.
const SIGNING_KEY = `signkey-prod-${'ab'.repeat(32)}`;
const received: { path: string; body: unknown }[] = [];
let inngest: http.Server;
let server: RunningServer;

beforeAll(async () => {
  const port = await freePort();
  inngest = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: body ? JSON.parse(body) : null });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ids: ['evt-1'], status: 200 }));
    });
  });
  await new Promise<void>((r) => inngest.listen(port, '127.0.0.1', r));
  server = await startServer({
    env: {
      MIST_ADMIN_EMAIL: 'admin@example.org',
      MIST_ADMIN_PASSWORD: 'admin password',
      INNGEST_EVENT_KEY: 'test-event-key',
      INNGEST_SIGNING_KEY: SIGNING_KEY,
      INNGEST_BASE_URL: `http://127.0.0.1:${port}`,
    },
  });
});
afterAll(async () => {
  await server?.stop();
  inngest?.close();
});

describe('jobs with Inngest configured', () => {
  it('sends enqueued events to Inngest instead of running them', async () => {
    expect((await (await fetch(`${server.url}/api/health`)).json()).jobs).toBe('inngest');
    const admin = new Client(server.url);
    await admin.signIn('admin@example.org', 'admin password');
    const res = await admin.request('/api/admin/jobs/prune', { method: 'POST', json: { olderThanDays: 9 } });
    expect(res.status).toBe(202);
    const sent = received.find((r) => r.path === '/e/test-event-key');
    expect(sent?.body).toEqual([expect.objectContaining({ name: 'mist/job-runs.prune-requested', data: { olderThanDays: 9 } })]);
    const { runs } = await (await admin.request('/api/admin/jobs')).json();
    expect(runs).toEqual([]);
    const page = await (await admin.request('/admin/jobs')).text();
    expect(page).toContain('Inngest dashboard');
    expect(page).toContain(`http://127.0.0.1:`);
    expect(server.output()).not.toContain('embedded driver running');
  });

  it('hands /api/inngest to the SDK, which answers Inngest’s signed requests only', async () => {
    expect((await fetch(`${server.url}/api/inngest`)).status).toBe(401);
    const signed = await fetch(`${server.url}/api/inngest`, { headers: { 'x-inngest-signature': signatureHeader(SIGNING_KEY, '') } });
    expect(signed.status).toBe(200);
    const body = await signed.json();
    expect(body.mode).toBe('cloud');
    expect(body.function_count).toBeGreaterThan(0);
  });
});
