import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './client';
import { startServer, type RunningServer } from './server';

const ADMIN = { email: 'admin@example.org', password: 'admin password 1' };
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password, MIST_SIGNIN_MAX_PER_ACCOUNT: '3', MIST_SIGNIN_MAX_PER_IP: '6' },
  });
});
afterAll(() => server?.stop());

async function signedInAdmin() {
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  return admin;
}

async function newUser(email: string, password = 'listener password') {
  const client = new Client(server.url);
  const res = await client.request('/api/signup', { method: 'POST', json: { email, displayName: email.split('@')[0], password } });
  expect(res.status).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  expect((await client.signIn(email, password)).status).toBe(200);
  return { client, id: user.id };
}

describe('sign-in', () => {
  it('signs the admin from the environment in with an httpOnly session cookie', async () => {
    const client = new Client(server.url);
    const result = await client.signIn(ADMIN.email, ADMIN.password);
    expect(result).toMatchObject({ status: 200, error: null });
    const cookie = result.setCookie.find((c) => c.startsWith('next-auth.session-token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await (await client.request('/api/auth/session')).json();
    expect(session.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    const home = await client.request('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('No music yet');
  });

  it('refuses a wrong password with 401 and no session', async () => {
    const client = new Client(server.url);
    const result = await client.signIn(ADMIN.email, 'not the password');
    expect(result).toMatchObject({ status: 401, error: 'CredentialsSignin' });
    expect(client.cookie('next-auth.session-token')).toBeUndefined();
    expect((await client.request('/api/admin/users')).status).toBe(401);
  });

  it('limits failed attempts per account from one address with a clear 429, even for the right password', async () => {
    await newUser('target@example.org', 'target password');
    const guesser = new Client(server.url);
    for (let i = 0; i < 3; i++) {
      expect((await guesser.signIn('target@example.org', `guess ${i}`)).status).toBe(401);
    }
    const blocked = await guesser.signIn('target@example.org', 'target password');
    expect(blocked).toMatchObject({ status: 429, error: 'RateLimited' });
    // The owner, elsewhere, is not locked out by it.
    expect((await new Client(server.url).signIn('target@example.org', 'target password')).status).toBe(200);
    const page = await new Client(server.url).request('/signin?error=RateLimited');
    expect(await page.text()).toContain('Too many failed sign-in attempts');
  });

  it('limits failed attempts per address across accounts', async () => {
    const attacker = new Client(server.url);
    for (let i = 0; i < 6; i++) expect((await attacker.signIn(`nobody${i}@example.org`, 'guess')).status).toBe(401);
    expect((await attacker.signIn(ADMIN.email, ADMIN.password)).status).toBe(429);
    // The same account from another address is unaffected.
    expect((await new Client(server.url).signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
});

describe('sign-up', () => {
  it('creates a listener, then refuses the same email with a message', async () => {
    await newUser('lee@example.org');
    const again = await new Client(server.url).request('/api/signup', {
      method: 'POST',
      json: { email: 'LEE@example.org', displayName: 'Lee 2', password: 'another password' },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/already exists/);
  });

  it('answers bad input with 400 and what is wrong, never a 500', async () => {
    const client = new Client(server.url);
    const cases: [RequestInit & { json?: unknown }, RegExp][] = [
      [{ body: '{"email": ', headers: { 'content-type': 'application/json' } }, /not valid JSON/],
      [{ json: { email: 'x@example.org', displayName: 'X' } }, /password/],
      [{ json: { email: 'x@example.org', displayName: 'X'.repeat(81), password: 'long enough' } }, /displayName: At most 80/],
      [{ json: { email: 42, displayName: 'X', password: 'long enough' } }, /email/],
      [{ json: ['not', 'an', 'object'] }, /Invalid input/],
      [{ json: { email: 'x@example.org', displayName: 'X', password: 'long enough', role: 'admin' } }, /Unrecognized key/],
    ];
    for (const [init, message] of cases) {
      const res = await client.request('/api/signup', { method: 'POST', ...init });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.error.message).toMatch(message);
    }
    const huge = await client.request('/api/signup', { method: 'POST', json: { email: 'x@example.org', displayName: 'X', password: 'p'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });
});

describe('admin area', () => {
  it('sends anonymous visitors to sign in and shows plain users a 403 page', async () => {
    const anonymous = await new Client(server.url).request('/admin/users');
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get('location')).toMatch(/\/signin\?callbackUrl=%2Fadmin%2Fusers$/);

    const { client } = await newUser('plain@example.org');
    const page = await client.request('/admin/users');
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('This page is for admins');
    expect((await client.request('/api/admin/users')).status).toBe(403);

    const admin = await signedInAdmin();
    const adminPage = await admin.request('/admin/users');
    expect(adminPage.status).toBe(200);
    expect(await adminPage.text()).toContain('plain@example.org');
  });

  it('lists users without password hashes, only for admins', async () => {
    expect((await new Client(server.url).request('/api/admin/users')).status).toBe(401);
    const admin = await signedInAdmin();
    const res = await admin.request('/api/admin/users?limit=500');
    expect(res.status).toBe(400);
    const list = await (await admin.request('/api/admin/users')).text();
    expect(list).toContain(ADMIN.email);
    expect(list).not.toMatch(/argon2|passwordHash/);
  });

  it('changes roles, refuses unknown roles and the last admin’s demotion', async () => {
    const admin = await signedInAdmin();
    const { client: promotedClient, id } = await newUser('promoted@example.org');
    const patch = (c: Client, userId: string, json: unknown) => c.request(`/api/admin/users/${userId}`, { method: 'PATCH', json });

    expect((await patch(promotedClient, id, { role: 'admin' })).status).toBe(403);
    const unknownRole = await patch(admin, id, { role: 'superuser' });
    expect(unknownRole.status).toBe(400);
    expect((await unknownRole.json()).error.fieldErrors.role).toEqual(['Role must be "user" or "admin"']);
    expect((await patch(admin, 'not-a-uuid', { role: 'admin' })).status).toBe(404);
    expect((await patch(admin, '00000000-0000-4000-8000-000000000000', { role: 'admin' })).status).toBe(404);

    const promoted = await patch(admin, id, { role: 'admin' });
    expect((await promoted.json()).user.role).toBe('admin');
    // The promotion takes effect on the user's existing session.
    expect((await promotedClient.request('/api/admin/users')).status).toBe(200);

    const adminId = (await (await admin.request('/api/auth/session')).json()).user.id;
    expect((await patch(promotedClient, adminId, { role: 'user' })).status).toBe(200);
    const last = await patch(promotedClient, id, { role: 'user' });
    expect(last.status).toBe(409);
    expect((await last.json()).error.message).toMatch(/last admin/);
    await patch(promotedClient, adminId, { role: 'admin' });
  });

  it('disabling an account ends its session and stops it signing in', async () => {
    const admin = await signedInAdmin();
    const { client, id } = await newUser('leaver@example.org', 'leaver password');
    expect((await client.request('/account')).status).toBe(200);
    expect((await admin.request(`/api/admin/users/${id}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(200);
    const after = await client.request('/account');
    expect(after.status).toBe(307);
    expect(after.headers.get('location')).toContain('/signin');
    expect(await new Client(server.url).signIn('leaver@example.org', 'leaver password')).toMatchObject({ status: 401, error: 'AccountDisabled' });
  });
});
