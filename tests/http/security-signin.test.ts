import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedUpListener } from './client';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
let listener: Client;

beforeAll(async () => {
  server = await startServer();
  listener = await signedUpListener(server.url, 'redirected@example.org');
});
afterAll(() => server?.stop());

describe('the sign-in page’s callbackUrl (an open redirect, found by an attacker)', () => {
  // Browsers drop TAB and newlines from a URL: "/\t/evil.example" is "//evil.example",
  // another site. Each of these must send a signed-in visitor home, not away.
  it.each([
    ['a TAB after the first slash', '%2F%09%2Fevil.example%2Fphish'],
    ['a newline after the first slash', '%2F%0A%2Fevil.example%2Fphish'],
    ['CR LF', '%2F%0D%0A%2Fevil.example'],
    ['a dot segment that leaves two slashes', '%2F.%2F%2Fevil.example%2Fphish'],
    ['a backslash', '%2F%5Cevil.example'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2F'],
  ])('%s: a signed-in visitor stays on this server', async (_what, encoded) => {
    const res = await listener.request(`/signin?callbackUrl=${encoded}`);
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(307);
    const location = res.headers.get('location')!;
    expect(new URL(location, server.url).origin).toBe(server.url);
    expect(location).not.toMatch(/evil\.example/);
  });

  it('keeps a path on this server, with its query', async () => {
    const res = await listener.request(`/signin?callbackUrl=${encodeURIComponent('/history?page=2')}`);
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get('location')!, server.url).pathname + new URL(res.headers.get('location')!, server.url).search).toBe('/history?page=2');
  });

  it('shows the form to a visitor who is not signed in, whatever the callbackUrl holds', async () => {
    const res = await new Client(server.url).request('/signin?callbackUrl=%2F%0A%2Fevil.example');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Sign in');
    expect(server.output()).not.toMatch(/Invalid character in header|TypeError/);
  });
});
