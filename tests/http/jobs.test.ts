import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/jobs';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
let admin: Client;

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'admin password' } });
  admin = new Client(server.url);
  expect((await admin.signIn('admin@example.org', 'admin password')).status).toBe(200);
});
afterAll(() => server?.stop());

type Run = { id: string; functionId: string; status: string; eventName: string };

describe('jobs in the embedded mode', () => {
  it('says once, in plain words, that jobs run inside MIST; what needs Inngest is on the admin jobs page, not in the log', async () => {
    expect((await (await fetch(`${server.url}/api/health`)).json()).jobs).toBe('embedded');
    expect(server.output().match(/\[mist\] jobs: running inside MIST \(no Inngest server configured\)/g)).toHaveLength(1);
    expect(server.output()).not.toMatch(/step\.waitForEvent|not supported without Inngest/);
    const page = await (await admin.request('/admin/jobs')).text();
    expect(page).toContain('step.waitForEvent');
    expect(page).toContain('need an Inngest server');
  });

  it('serves /api/inngest only to requests signed with its own key', async () => {
    const body = JSON.stringify({ version: 2, event: { name: 'mist/job-runs.prune-requested', data: { olderThanDays: 1 } }, steps: {}, ctx: { run_id: 'x', attempt: 0 } });
    const unsigned = await fetch(`${server.url}/api/inngest?fnId=mist-prune-job-runs&stepId=step`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(`${server.url}/api/inngest?fnId=mist-prune-job-runs&stepId=step`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-inngest-signature': `t=${Math.floor(Date.now() / 1000)}&s=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${server.url}/api/inngest`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/inngest`, { method: 'PUT' })).status).toBe(404);
  });

  it('runs a job an admin starts and lists it on /admin/jobs', async () => {
    const started = await admin.request('/api/admin/jobs/prune', { method: 'POST', json: { olderThanDays: 7 } });
    expect(started.status).toBe(202);
    const run = await waitFor('the prune run to complete', async () => {
      const { runs } = (await (await admin.request('/api/admin/jobs')).json()) as { runs: Run[] };
      return runs.find((r) => r.functionId === 'mist-prune-job-runs' && r.status === 'completed');
    });
    expect(run.eventName).toBe('mist/job-runs.prune-requested');
    const page = await admin.request('/admin/jobs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('mist-prune-job-runs');
    expect(html).toContain('completed');
  });

  it('rejects an event that fails its schema at enqueue, with the reason', async () => {
    const res = await admin.request('/api/admin/jobs/prune', { method: 'POST', json: { olderThanDays: 'soon' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/Event "mist\/job-runs.prune-requested" is invalid\. olderThanDays:/);
  });

  it('retries only failed runs, and only for admins', async () => {
    const { runs } = (await (await admin.request('/api/admin/jobs?status=completed')).json()) as { runs: Run[] };
    expect((await admin.request(`/api/admin/jobs/${runs[0]!.id}/retry`, { method: 'POST' })).status).toBe(409);
    expect((await admin.request('/api/admin/jobs/00000000-0000-4000-8000-000000000000/retry', { method: 'POST' })).status).toBe(404);
    expect((await new Client(server.url).request(`/api/admin/jobs/${runs[0]!.id}/retry`, { method: 'POST' })).status).toBe(401);
    expect((await new Client(server.url).request('/api/admin/jobs')).status).toBe(401);
  });
});
