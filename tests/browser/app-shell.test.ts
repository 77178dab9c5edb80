import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTestAudio, removeTempDirs } from '@/lib/media/test-audio';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, recordProblems, signInPage, until } from './browser';

// MIST as an installable app: a favicon and icons on every page (no 404 in the console), a web
// manifest a browser can install from, and what the system shows of the player (Media Session:
// the lock screen, notifications, media keys) and the tab's title while a track plays.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const SONG = { title: 'Harbour Lights', artist: 'The Foghorns', album: 'Low Tide' };
const DARK_BACKGROUND = '#0e0f13';
const viewports = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

let server: RunningServer;
let browser: Browser;
let trackId: string;
let coverUrl: string;

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  // An MP3 with an embedded cover, tagged with a title, artist and album.
  const dir = await makeTempDir('mist-app-shell-');
  const plain = await makeTestAudio(dir, 'mp3-cover', 30);
  const file = path.join(dir, 'harbour.mp3');
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y', '-i', plain, '-map', '0', '-c', 'copy', '-id3v2_version', '3',
    '-metadata', `title=${SONG.title}`, '-metadata', `artist=${SONG.artist}`, '-metadata', `album=${SONG.album}`, file,
  ]);
  trackId = await uploadAs(admin, file);
  const track = await settled(admin, trackId);
  expect(track.status, `track: ${track.error}`).toBe('ready');
  expect(track.coverUrl).not.toBeNull();
  coverUrl = new URL(track.coverUrl!, server.url).href;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

/** What a page's <head> links: favicon, icons, Apple touch icon, manifest, theme colour. */
function headLinks(page: Page) {
  return page.evaluate(() => ({
    icons: [...document.querySelectorAll<HTMLLinkElement>('link[rel="icon"], link[rel="shortcut icon"]')].map((l) => l.href),
    apple: [...document.querySelectorAll<HTMLLinkElement>('link[rel="apple-touch-icon"]')].map((l) => l.href),
    manifest: document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? null,
    themeColor: document.querySelector<HTMLMetaElement>('meta[name="theme-color"]')?.content ?? null,
  }));
}

describe('an installable app, in Chromium', () => {
  for (const [name, viewport] of Object.entries(viewports)) {
    it(`(a) ${name}: pages load their favicon and icons without a 4xx/5xx, and link an installable manifest`, async () => {
      const context = await browser.newContext({ viewport, ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      try {
        const page = await context.newPage();
        const problems = recordProblems(page);
        const responses: string[] = [];
        page.on('response', (r) => responses.push(`${r.status()} ${new URL(r.url()).pathname}`));
        await page.goto(new URL('/signin', server.url).href);
        await signInPage(page, server.url, ADMIN.email, ADMIN.password);
        await page.goto(new URL(`/tracks/${trackId}`, server.url).href);
        await page.getByRole('button', { name: 'Play', exact: true }).first().waitFor();

        const links = await headLinks(page);
        expect(links.icons.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(['/favicon.ico', '/icon.svg']));
        expect(links.apple.map((u) => new URL(u).pathname)).toEqual(['/apple-icon.png']);
        expect(links.themeColor).toBe(DARK_BACKGROUND);
        // Every icon the head links is an image (fetched without a session, as browsers fetch icons).
        for (const url of [...links.icons, ...links.apple]) {
          const res = await fetch(url);
          expect(res.status, url).toBe(200);
          expect(res.headers.get('content-type'), url).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon|svg\+xml|png)/);
        }

        // The manifest (browsers fetch it without cookies): a name, a start, and icons a phone
        // and a desktop install with (192 and 512 px PNGs, one maskable), each the size it says.
        expect(links.manifest).not.toBeNull();
        const res = await fetch(links.manifest!);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
        const manifest = (await res.json()) as { name: string; short_name: string; start_url: string; display: string; theme_color: string; background_color: string; icons: { src: string; sizes: string; type: string; purpose?: string }[] };
        expect(manifest).toMatchObject({ name: 'MIST', short_name: 'MIST', start_url: '/', display: 'standalone', theme_color: DARK_BACKGROUND, background_color: DARK_BACKGROUND });
        const pngs = manifest.icons.filter((i) => i.type === 'image/png');
        expect(pngs.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`).sort()).toEqual(['192x192', '512x512', '512x512 maskable']);
        for (const icon of manifest.icons) {
          const got = await fetch(new URL(icon.src, links.manifest!));
          expect(got.status, icon.src).toBe(200);
          expect(got.headers.get('content-type'), icon.src).toBe(icon.type);
          const bytes = Buffer.from(await got.arrayBuffer());
          if (icon.type === 'image/png') {
            expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), icon.src).toBe(true);
            const [w, h] = icon.sizes.split('x').map(Number);
            expect(pngSize(bytes), icon.src).toEqual({ width: w, height: h });
          } else {
            expect(bytes.toString('utf8'), icon.src).toMatch(/^<svg /);
          }
        }

        // The page, the icons and the manifest loaded without one error: no 404 for a favicon,
        // nothing the Content-Security-Policy refused.
        expect(problems.filter((p) => /^HTTP [45]\d\d/.test(p) || p.startsWith('pageerror') || /Content Security Policy|Refused to/i.test(p))).toEqual([]);
        expect(responses.filter((r) => /^[45]\d\d /.test(r))).toEqual([]);
        await page.screenshot({ path: `/tmp/mist-app-shell-${name}.png` });
      } finally {
        await context.close();
      }
    });
  }

  it('(b) the system and the tab show what plays: Media Session metadata with the cover, playing/paused, and the title', async () => {
    const context = await browser.newContext({ viewport: viewports.desktop });
    try {
      const page = await context.newPage();
      const problems = recordProblems(page);
      await signInPage(page, server.url, ADMIN.email, ADMIN.password);
      await page.goto(new URL(`/tracks/${trackId}`, server.url).href);
      const pageTitle = await page.title();
      expect(pageTitle).not.toMatch(/▶/);
      await page.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
      await playsPast(page, 1);

      const session = () =>
        page.evaluate(() => {
          const m = navigator.mediaSession.metadata;
          return { state: navigator.mediaSession.playbackState, title: m?.title, artist: m?.artist, album: m?.album, artwork: m ? [...m.artwork].map((a) => a.src) : [] };
        });
      expect(await session()).toEqual({ state: 'playing', title: SONG.title, artist: SONG.artist, album: SONG.album, artwork: [coverUrl] });
      // The artwork is the cover the pages show, and it loads.
      expect((await page.request.get(coverUrl)).status()).toBe(200);
      const playingTitle = `▶ ${SONG.title} · ${SONG.artist} — MIST`;
      await until(page, 'the tab title to show the playing track', async () => (await page.title()) === playingTitle, 5_000);

      // Moving to another page keeps the title on the track (Next sets the page's own title).
      await page.getByRole('link', { name: 'Home', exact: true }).first().click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
      await until(page, 'the tab title to stay on the track after navigating', async () => (await page.title()) === playingTitle, 5_000);

      // Paused: the system shows it paused, and the tab gets the page's title back.
      await page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Pause' }).first().click();
      await until(page, 'playbackState "paused"', async () => (await session()).state === 'paused', 5_000);
      await until(page, 'the page title back', async () => !(await page.title()).includes('▶'), 5_000);
      expect(await page.title()).toBe('MIST');
      await page.screenshot({ path: '/tmp/mist-app-shell-paused.png' });

      // Playing again: both come back.
      await page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Play', exact: true }).first().click();
      await until(page, 'playbackState "playing" again', async () => (await session()).state === 'playing', 5_000);
      await until(page, 'the tab title on the track again', async () => (await page.title()) === playingTitle, 5_000);
      expect(problems.filter((p) => /^HTTP [45]\d\d/.test(p) || p.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('(c) offline: an open page says so, a page opened offline shows the offline page, and pages come back online', async () => {
    const context = await browser.newContext({ viewport: viewports.phone, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await signInPage(page, server.url, ADMIN.email, ADMIN.password);
      await page.goto(new URL('/', server.url).href);
      // The service worker has installed the offline page and controls the page.
      await until(page, 'the service worker to control the page', () => page.evaluate(async () => (await navigator.serviceWorker.ready, !!navigator.serviceWorker.controller)), 20_000);

      await context.setOffline(true);
      await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor({ timeout: 5_000 });
      await page.screenshot({ path: '/tmp/mist-offline-banner-phone.png' });

      await page.goto(new URL('/library/albums', server.url).href);
      await page.getByRole('heading', { name: 'You are offline' }).waitFor({ timeout: 10_000 });
      expect(await page.title()).toBe('Offline · MIST');
      // Its icon comes from the cache too: nothing on it is broken.
      expect(await page.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await page.getByRole('link', { name: 'Try again' }).isVisible()).toBe(true);
      await page.screenshot({ path: '/tmp/mist-offline-phone.png' });

      // Back online, "Try again" opens the page that was asked for.
      await context.setOffline(false);
      await page.getByRole('link', { name: 'Try again' }).click();
      await page.getByRole('heading', { name: 'Albums', exact: true }).waitFor({ timeout: 15_000 });
      expect(await page.getByRole('status').filter({ hasText: 'You are offline' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('(d) admin on a phone: users and tokens fit 390 px with Disable and Revoke on screen, and the admin navigation is one line', async () => {
    const context = await browser.newContext({ viewport: viewports.phone, isMobile: true, hasTouch: true });
    try {
      for (const who of ['lee', 'a-listener-with-a-very-long-name']) {
        const res = await fetch(new URL('/api/signup', server.url), { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ email: `${who}@example.org`, displayName: who, password: 'listener password' }) });
        expect([201, 409]).toContain(res.status);
      }
      const page = await context.newPage();
      await signInPage(page, server.url, ADMIN.email, ADMIN.password);
      await page.goto(new URL('/admin/tokens', server.url).href);
      await page.getByLabel('Name (what uses it)').fill('Import from the NAS');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByRole('button', { name: 'Revoke' }).first().waitFor();
      for (const [pathname, action] of [['/admin/users', 'Disable'], ['/admin/tokens', 'Revoke']] as const) {
        await page.goto(new URL(pathname, server.url).href);
        // Nothing wider than the screen: not the page, not a table hidden in a sideways scroll.
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, tables: [...document.querySelectorAll('table')].map((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth) }));
        expect(widths, pathname).toEqual({ page: 390, tables: [0] });
        const buttons = page.getByRole('button', { name: action });
        expect(await buttons.count(), pathname).toBeGreaterThan(0);
        for (const box of await Promise.all((await buttons.all()).map((b) => b.boundingBox()))) expect(box!.x + box!.width, `${action} on ${pathname}`).toBeLessThanOrEqual(390);
        const nav = page.getByRole('navigation', { name: 'Admin' });
        const links = await Promise.all((await nav.getByRole('link').all()).map((l) => l.boundingBox()));
        expect(new Set(links.map((b) => Math.round(b!.y))).size, 'admin navigation rows').toBe(1);
        await page.screenshot({ path: `/tmp/mist-admin-phone${pathname.replace(/\//g, '-')}.png` });
      }
    } finally {
      await context.close();
    }
  });
});
