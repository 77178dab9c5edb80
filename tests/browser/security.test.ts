import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { startServer, type RunningServer } from '../http/server';
import { keepsPlaying, launchBrowser, playsPast, recordProblems, signInPage, until } from './browser';

// Issue 12, item 6: MIST's pages carry a Content-Security-Policy (scripts by nonce, media
// through Media Source, from MIST or the bucket, frame-ancestors 'none'). The player, the upload
// page and the admin pages must work under it without a single violation, and a page of
// another origin on the same host (same-site: the admin's cookie goes with it) cannot frame
// the signed-in /admin/users.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const PAGES = ['/', '/search?q=tone', '/history', '/account', '/admin', '/admin/users', '/admin/tracks', '/admin/jobs', '/admin/tokens', '/admin/analytics'];

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
/** securitypolicyviolation events from every page and frame, and console lines about policies. */
const violations: string[] = [];

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.exposeBinding('__cspViolation', (_source, line: string) => void violations.push(line));
  // Injected by the browser itself, so the page's own policy does not apply to this script.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __cspViolation(line: string): void }).__cspViolation;
      void report(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page = await context.newPage();
  problems = recordProblems(page);
  page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy|Permissions-Policy|Refused to/i.test(m.text())) violations.push(`console.${m.type()}: ${m.text()}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

const noViolations = (when: string) => expect(violations, `${when}; other page problems:\n  ${problems.join('\n  ')}`).toEqual([]);

describe('MIST’s pages under their Content-Security-Policy, in Chromium', () => {
  it('sign in, upload through the page, visit every admin and listener page, and play a track: no violation', async () => {
    await signInPage(page, server.url, ADMIN.email, ADMIN.password);
    // The watch works: an image from elsewhere is refused, and reported.
    await page.evaluate(() => document.body.append(Object.assign(new Image(), { src: 'http://evil.example/pixel.png' })));
    const seen = () => violations.some((v) => v.startsWith('/: img-src')) && violations.some((v) => v.startsWith('console.') && v.includes('img-src'));
    await until(page, 'the refused image to be reported, as an event and on the console', async () => seen() || undefined, 5_000);
    violations.length = 0;

    // Upload through the page: its bytes go by XHR to the upload route, under connect-src.
    const dir = await makeTempDir('mist-browser-csp-');
    const file = await makeTestAudio(dir, 'mp3-cover', 20);
    const upload = await page.goto(new URL('/admin/upload', server.url).href);
    expect(upload!.headers()['content-security-policy']).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    await page.getByLabel('Choose audio files').setInputFiles(file);
    const link = page.getByRole('link', { name: 'see track' });
    await link.waitFor({ timeout: 90_000 });
    const trackId = /#([0-9a-f-]{36})$/.exec((await link.getAttribute('href'))!)![1]!;
    noViolations('after uploading');

    for (const pathname of PAGES) {
      const res = await page.goto(new URL(pathname, server.url).href);
      expect(res!.status(), pathname).toBe(200);
      await page.waitForLoadState('networkidle');
      noViolations(`on ${pathname}`);
    }

    // The player: hls.js feeding Media Source (a blob: media URL), the key route, the segments
    // and the cover from /media, heartbeats. (The ESM build of hls.js that Next bundles
    // transmuxes on the page, without a worker; worker-src allows its blob: worker anyway.)
    await page.goto(new URL(`/tracks/${trackId}`, server.url).href);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await playsPast(page, 3);
    expect(await page.evaluate(() => document.querySelector('audio')!.src)).toMatch(/^blob:/);
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await keepsPlaying(page, 2);
    noViolations('while a track plays');
  });

  it('a new API token has a Copy button that puts the token on the clipboard, under the same policy', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(new URL('/admin/tokens', server.url).href);
    await page.getByLabel('Name (what uses it)').fill('Import from the NAS');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = (await page.locator('[role=status] code').innerText()).trim();
    expect(shown.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    noViolations('after copying a token');
  });

  it('cannot be framed by another origin on the same host: the signed-in /admin/users renders nothing there', async () => {
    const other = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Another site</title><iframe name="mist" src="${server.url}/admin/users" width="1000" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    // A browser of its own, where the admin signs in, then visits the other site.
    const own = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const framing = await own.newPage();
      await signInPage(framing, server.url, ADMIN.email, ADMIN.password);
      const refused: string[] = [];
      framing.on('console', (m) => void refused.push(m.text()));
      const framed: { status: number; policy?: string }[] = [];
      framing.on('response', (r) => {
        if (new URL(r.url()).pathname === '/admin/users') framed.push({ status: r.status(), policy: r.headers()['content-security-policy'] });
      });
      await framing.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      await framing.waitForLoadState('networkidle');
      const frame = framing.frame({ name: 'mist' })!;
      const shown = await frame.locator('body').innerText().catch(() => '');
      expect(shown, `the frame at ${frame.url()} shows the admin page`).not.toMatch(/admin@example\.org|Users|Disable/);
      expect(frame.url()).not.toContain('/admin/users');
      // The admin's cookie went along (same site): MIST answered the page itself, with its policy.
      expect(framed).toEqual([expect.objectContaining({ status: 200, policy: expect.stringContaining("frame-ancestors 'none'") })]);
      expect(refused.join('\n')).toMatch(/frame-ancestors 'none'/);
    } finally {
      await own.close();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('after signing in from a crafted link, the visitor stays on MIST (no open redirect), and a signed-in visitor too', async () => {
    // Browsers drop the TAB: "/\t/evil.example/phish" would be "//evil.example/phish", another site.
    const own = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const visitor = await own.newPage();
      const away: string[] = [];
      visitor.on('request', (r) => {
        if (new URL(r.url()).hostname.includes('evil.example')) away.push(r.url());
      });
      await visitor.goto(new URL('/signin?callbackUrl=%2F%09%2Fevil.example%2Fphish', server.url).href);
      await visitor.locator('input[name=email]').fill(ADMIN.email);
      await visitor.locator('input[name=password]').fill(ADMIN.password);
      await visitor.locator('form button[type=submit]').click();
      await visitor.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
      expect(new URL(visitor.url()).origin).toBe(server.url);
      // Signed in now: the same link sends them home at once.
      await visitor.goto(new URL('/signin?callbackUrl=%2F%0A%2Fevil.example%2Fphish', server.url).href);
      expect(new URL(visitor.url()).origin).toBe(server.url);
      expect(new URL(visitor.url()).pathname).toBe('/');
      expect(away).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
