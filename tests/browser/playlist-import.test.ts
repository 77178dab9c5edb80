import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { Client, signedUpListener } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { makeTaggedFlac, settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, recordProblems, signInPage } from './browser';

// Issue 14 item 4 as a listener meets it: an M3U from another player with a typo, an unknown
// line and a line only close to a track; the review shows each, the listener picks the close
// one, the unknown stays out, and the playlist made from it plays in the file's order.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const LISTENER = 'ivy@example.org';
const TRACKS = ['Alpha', 'Bravo', 'Charlie'];
const M3U = [
  '#EXTM3U',
  '#PLAYLIST:Imported mix',
  '#EXTINF:8,Test Band - Charlie',
  'Test Band/Import Album/03 - Charlie.flac',
  '#EXTINF:8,Test Band - Bravvo',
  'Test Band/Import Album/02 - Bravvo.flac',
  '#EXTINF:200,Nobody Known - Zzyzx Road',
  'D:\\Music\\Nobody Known\\Zzyzx Road.mp3',
  '#EXTINF:8,Test Band - Delta',
  'Test Band/Import Album/04 - Delta.flac',
  '',
].join('\r\n');

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[] = [];

const row = (p: Page, line: number) => p.locator(`li[data-line="${line}"]`);

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-import-');
  const ids = [];
  for (const [i, title] of TRACKS.entries()) ids.push(await uploadAs(admin, await makeTaggedFlac(dir, { title, artist: 'Test Band', album: 'Import Album', track: i + 1, frequency: 330 + 110 * i, seconds: 8 })));
  for (const id of ids) expect((await settled(admin, id)).status).toBe('ready');
  await signedUpListener(server.url, LISTENER);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  problems = recordProblems(page);
  await signInPage(page, server.url, LISTENER, 'listen password');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    console.log(`page problems:\n  ${problems.slice(-40).join('\n  ') || '(none)'}`);
    await page?.screenshot({ path: '/tmp/mist-import-failure.png', fullPage: true }).catch(() => {});
  });
});

describe('importing a playlist, in Chromium', () => {
  it('reviews an M3U: picks a close track, leaves the unknown out, creates the playlist and plays it in order', async () => {
    await page.goto(new URL('/playlists', server.url).href);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Import playlist' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-import-playlists-390.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('link', { name: 'Import playlist' }).click();
    await page.waitForURL(/\/playlists\/import$/);
    await page.getByRole('button', { name: 'Read pasted text' }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/mist-import-pick-390.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('input[type=file]').setInputFiles({ name: 'mix.m3u8', mimeType: 'audio/x-mpegurl', buffer: Buffer.from(M3U) });

    await page.getByText('2 of 4 matched').waitFor();
    await expect.poll(() => page.getByLabel('Playlist name').inputValue()).toBe('Imported mix');
    await expect.poll(() => row(page, 4).innerText()).toMatch(/Exact[\s\S]*Charlie/);
    await expect.poll(() => row(page, 6).innerText()).toMatch(/Likely \d+%[\s\S]*Bravo/);
    const unknown = row(page, 8);
    expect(await unknown.innerText()).toMatch(/Not found[\s\S]*Not in the library/);
    expect(await unknown.getByRole('checkbox').isChecked()).toBe(false);
    expect(await unknown.getByRole('checkbox').isDisabled()).toBe(true);
    // "Delta" is nothing sure: the close ones are offered; the listener picks Alpha.
    const delta = row(page, 10);
    expect(await delta.getByRole('checkbox').isChecked()).toBe(false);
    const picker = delta.getByRole('combobox', { name: 'Track for line 10' });
    const alpha = (await picker.locator('option', { hasText: 'Alpha' }).textContent())!;
    await picker.selectOption({ label: alpha });
    await expect.poll(() => delta.getByRole('checkbox').isChecked()).toBe(true);
    expect(await delta.innerText()).toContain('Your pick');
    await page.getByText('3 of 4 matched').waitFor();
    await page.screenshot({ path: '/tmp/mist-import-review-1440.png', fullPage: true });

    // On a phone: the same review fits the width.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/mist-import-review-390.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole('button', { name: 'Create playlist (3 tracks)' }).click();
    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Imported mix' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Imported 3 tracks into Imported mix' }).waitFor();
    expect(await page.locator('li[data-item-id] p.font-medium').allInnerTexts()).toEqual(['Charlie', 'Bravo', 'Alpha']);

    await page.getByRole('button', { name: 'Play', exact: true }).first().click();
    await playsPast(page, 1);
    expect(await page.locator('section[aria-label="Player"]').innerText()).toContain('Charlie');
  });

  it('says what is wrong with a file that is not a playlist', async () => {
    await page.goto(new URL('/playlists/import', server.url).href);
    await page.locator('input[type=file]').setInputFiles({ name: 'cover.jpg.m3u', mimeType: 'audio/x-mpegurl', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]) });
    await page.getByRole('alert').filter({ hasText: 'This is not a text file' }).waitFor();
  });
});
