import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { MIST_REGISTRATION: 'closed' }, database: 'new' });
});
afterAll(() => server?.stop());

describe('a fresh server without configuration', () => {
  it('reports its modes on /api/health', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: 'pglite', storage: 'local', jobs: 'embedded', cache: { kind: 'memory', hits: 0, misses: 0, hitRate: null } });
  });

  it('offers the "create the admin account" page until an admin exists', async () => {
    const visitor = new Client(server.url);
    const home = await visitor.request('/');
    expect(home.status).toBe(307);
    expect(home.headers.get('location')).toMatch(/\/setup$/);
    const setup = await visitor.request('/setup');
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain('Create the admin account');

    const created = await visitor.request('/api/setup', { method: 'POST', json: { email: 'owner@example.org', displayName: 'Owner', password: 'owner password' } });
    expect(created.status).toBe(201);
    expect((await created.json()).user.role).toBe('admin');

    expect((await visitor.request('/setup')).status).toBe(404);
    const again = await visitor.request('/api/setup', { method: 'POST', json: { email: 'late@example.org', displayName: 'Late', password: 'late password' } });
    expect(again.status).toBe(409);
    expect((await visitor.signIn('owner@example.org', 'owner password')).status).toBe(200);
    expect((await visitor.request('/admin')).status).toBe(200);
    // The users page counts the one account in words a person would use.
    const users = (await (await visitor.request('/admin/users')).text()).replace(/<!-- -->/g, '');
    expect(users).toContain('1 account<');
    expect(users).not.toContain('1 accounts');
  });

  it('refuses sign-up when MIST_REGISTRATION=closed, with a message', async () => {
    const client = new Client(server.url);
    const res = await client.request('/api/signup', { method: 'POST', json: { email: 'new@example.org', displayName: 'New', password: 'new password' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/Sign-up is closed/);
    expect(await (await client.request('/signup')).text()).toContain('Sign-up is closed on this server');
  });
});
