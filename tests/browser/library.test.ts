import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, recordProblems, signInPage, until } from './browser';

// Issue 14 (likes, playlists) as a listener meets it: a heart in the player (and `l`), the
// Liked songs page, a playlist built from ticked rows of an album, reordered by dragging and
// by Alt+arrow, then played.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const LISTENER = { email: 'lou@example.org', password: 'listen password' };
const TRACKS = [
  { title: 'Alpha', track: 1, frequency: 330 },
  { title: 'Bravo', track: 2, frequency: 440 },
  { title: 'Charlie', track: 3, frequency: 550 },
];
const ALBUM = 'Library Album';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[] = [];
let albumUrl = '';

async function taggedFlac(dir: string, t: (typeof TRACKS)[number]): Promise<string> {
  const out = path.join(dir, `${t.track}.flac`);
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${t.frequency}:duration=8`,
    '-metadata', `title=${t.title}`, '-metadata', 'artist=Test Band', '-metadata', `album=${ALBUM}`, '-metadata', `track=${t.track}`,
    out,
  ]);
  return out;
}

const playerText = async (p: Page) => (await p.locator('section[aria-label="Player"]').innerText({ timeout: 2_000 }).catch(() => '')) ?? '';
/** The titles of the playlist page's rows, top to bottom. */
const rowTitles = (p: Page) => p.locator('li[data-item-id] p.font-medium').allInnerTexts();

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-library-');
  const files = await Promise.all(TRACKS.map((t) => taggedFlac(dir, t)));
  const ids = [];
  for (const [i, file] of files.entries()) ids.push(await uploadAs(admin, file, `${TRACKS[i]!.title}.flac`));
  for (const id of ids) expect((await settled(admin, id)).status).toBe('ready');
  const lou = new Client(server.url);
  expect((await lou.request('/api/signup', { method: 'POST', json: { email: LISTENER.email, displayName: 'Lou', password: LISTENER.password } })).status).toBe(201);

  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  problems = recordProblems(page);
  await signInPage(page, server.url, LISTENER.email, LISTENER.password);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    console.log(`player text: ${page ? JSON.stringify(await playerText(page)) : '-'}\npage problems:\n  ${problems.slice(-40).join('\n  ') || '(none)'}`);
    await page?.screenshot({ path: '/tmp/mist-library-failure.png' }).catch(() => {});
  });
});

describe('likes and playlists, in Chromium', () => {
  it('likes the playing track with L in the player and finds it in Liked songs', async () => {
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('link', { name: ALBUM, exact: true }).first().click();
    await page.waitForURL(/\/albums\/[0-9a-f-]{36}$/);
    albumUrl = page.url();
    await page.getByRole('button', { name: 'Play Bravo', exact: true }).click();
    await playsPast(page, 1);
    const player = page.locator('section[aria-label="Player"]');
    await player.getByRole('button', { name: 'Like Bravo' }).first().waitFor();
    await page.locator('h1').click(); // focus on the page, not on a button
    await page.keyboard.press('l');
    await player.getByRole('button', { name: 'Remove Bravo from Liked songs' }).first().waitFor();
    await page.getByRole('status').filter({ hasText: 'Added “Bravo” to Liked songs' }).waitFor();

    await page.getByRole('link', { name: 'Liked songs' }).first().click();
    await page.waitForURL(/\/liked$/);
    await page.getByRole('heading', { name: 'Liked songs' }).waitFor();
    const titles = await page.locator('main li').allInnerTexts();
    expect(titles.length).toBe(1);
    expect(titles[0]).toContain('Bravo');
    await page.screenshot({ path: '/tmp/mist-library-liked-1440.png' });
  });

  it('builds a playlist from ticked rows, reorders it by dragging and by Alt+arrow, and plays it', async () => {
    await page.goto(albumUrl);
    // Play buttons are enabled once React runs the page: a tick before that does nothing.
    await expect.poll(() => page.getByRole('button', { name: 'Play Alpha', exact: true }).isEnabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Select Alpha' }).click();
    await page.getByRole('checkbox', { name: 'Select Charlie' }).click({ modifiers: ['Shift'] });
    await page.getByText('3 tracks selected').waitFor();
    await page.getByRole('button', { name: 'Add selected tracks to a playlist' }).click();
    await page.getByRole('menuitem', { name: 'New playlist…' }).click();
    await page.getByLabel('New playlist name').fill('Road trip');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 3 tracks to Road trip' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Road trip' }).click();
    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    const playlistUrl = page.url();
    await page.getByRole('heading', { name: 'Road trip' }).waitFor();
    expect(await rowTitles(page)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    await expect.poll(() => page.getByText('3 tracks · 0:24').count()).toBe(1);

    // Drag Charlie (by its grip, left of the row) onto Alpha: it goes first.
    const rows = page.locator('li[data-item-id]');
    await rows.nth(2).dragTo(rows.nth(0), { sourcePosition: { x: 14, y: 20 }, targetPosition: { x: 14, y: 10 } });
    await until(page, 'Charlie first', async () => JSON.stringify(await rowTitles(page)) === JSON.stringify(['Charlie', 'Alpha', 'Bravo']));
    // Alt+↓ on the focused first row moves it one down, and focus stays on it.
    await rows.nth(0).focus();
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/items/'));
    await page.keyboard.press('Alt+ArrowDown');
    expect((await saved).status()).toBe(200);
    await until(page, 'Charlie second', async () => JSON.stringify(await rowTitles(page)) === JSON.stringify(['Alpha', 'Charlie', 'Bravo']));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('2. Charlie');
    await page.screenshot({ path: '/tmp/mist-library-playlist-1440.png' });

    // The order was saved: a fresh load shows it.
    await until(page, 'the saved order', async () => {
      await page.goto(playlistUrl);
      return JSON.stringify(await rowTitles(page)) === JSON.stringify(['Alpha', 'Charlie', 'Bravo']);
    });

    await page.getByRole('button', { name: 'Play', exact: true }).first().click();
    await playsPast(page, 1);
    await until(page, 'the player to show Alpha', async () => (await playerText(page)).includes('Alpha'));
    await page.getByRole('button', { name: 'Next track' }).first().click();
    await until(page, 'the player to show Charlie next', async () => (await playerText(page)).includes('Charlie'));
    // Errors a listener would meet (prefetches cancelled by navigation are not; a 409 is the "already there?" question).
    expect(problems.filter((p) => /^pageerror|^HTTP 5/.test(p) || (/^HTTP 4/.test(p) && !/favicon|HTTP 409/.test(p)))).toEqual([]);
  });

  it('likes a track from the search results: its heart shows it, and so does Liked songs', async () => {
    await page.goto(new URL('/search', server.url).href);
    await page.getByRole('searchbox').pressSequentially('charly', { delay: 30 });
    const results = page.getByRole('region', { name: 'Tracks' });
    await results.getByRole('link', { name: 'Charlie' }).waitFor({ timeout: 10_000 });
    // The row has what every track row has: the heart (Bravo's already shows liked) and the menu.
    await results.getByRole('button', { name: 'Add Charlie to a playlist' }).waitFor();
    await page.getByRole('searchbox').fill('Bravo');
    await results.getByRole('button', { name: 'Remove Bravo from Liked songs' }).waitFor({ timeout: 10_000 });
    await page.getByRole('searchbox').fill('charly');
    await results.getByRole('button', { name: 'Like Charlie' }).click();
    const liked = results.getByRole('button', { name: 'Remove Charlie from Liked songs' });
    expect(await liked.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('status').filter({ hasText: 'Added “Charlie” to Liked songs' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-library-search-1440.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/mist-library-search-390.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await results.getByRole('button', { name: 'Add Charlie to a playlist' }).click();
    await page.getByRole('menuitem', { name: 'Road trip' }).waitFor();
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.goto(new URL('/liked', server.url).href);
    await page.getByRole('heading', { name: 'Liked songs' }).waitFor();
    const titles = await page.locator('main li').allInnerTexts();
    expect(titles).toHaveLength(2);
    expect(titles[0]).toContain('Charlie');
    expect(titles[1]).toContain('Bravo');
  });

  it('fits a 390 px phone screen without sideways scrolling', async () => {
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ['playlists', '/playlists'],
      ['liked', '/liked'],
    ]) {
      await page.goto(new URL(url!, server.url).href);
      await page.screenshot({ path: `/tmp/mist-library-${name}-390.png`, fullPage: true });
      await fits();
    }
    await page.goto(new URL('/playlists', server.url).href);
    await page.getByRole('link', { name: /Road trip/ }).first().click();
    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: '/tmp/mist-library-playlist-390.png', fullPage: true });
    await fits();
    // Each row keeps room for its title (the row's buttons do not squeeze it away).
    const widths = await page.locator('li[data-item-id] p.font-medium').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widths.length).toBe(3);
    expect(Math.min(...widths)).toBeGreaterThan(60);
    await page.goto(albumUrl);
    await page.getByRole('button', { name: 'Add Alpha to a playlist' }).click();
    await page.getByRole('menuitem', { name: 'Road trip' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-library-menu-390.png' });
    await fits();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(new URL('/playlists', server.url).href);
    await page.screenshot({ path: '/tmp/mist-library-playlists-1440.png' });
  });
});
