import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, recordProblems, signInPage, until } from './browser';

// Issue 14 item 3 as a listener meets it: a smart playlist made in the rules editor ("liked"
// and "artist contains aurora"), opened, its rules read back in words, then played.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const LISTENER = { email: 'lou@example.org', password: 'listen password' };
const TRACKS = [
  { title: 'Alpha', artist: 'Auróra Band', frequency: 330 },
  { title: 'Bravo', artist: 'Auróra Band', frequency: 440 },
  { title: 'Charlie', artist: 'Other Group', frequency: 550 },
  { title: 'Delta', artist: 'Aurora Band', frequency: 660 },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[] = [];
let playlistUrl = '';

async function taggedFlac(dir: string, t: (typeof TRACKS)[number], i: number): Promise<string> {
  const out = path.join(dir, `${i}.flac`);
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${t.frequency}:duration=8`,
    '-metadata', `title=${t.title}`, '-metadata', `artist=${t.artist}`, '-metadata', 'album=Smart Album', '-metadata', `track=${i + 1}`,
    out,
  ]);
  return out;
}

const playerText = async (p: Page) => (await p.locator('section[aria-label="Player"]').innerText({ timeout: 2_000 }).catch(() => '')) ?? '';
const rowTitles = (p: Page) => p.locator('li[data-item-id] p.font-medium').allInnerTexts();
const fits = async (p: Page) => expect(await p.evaluate(() => document.documentElement.scrollWidth), p.url()).toBeLessThanOrEqual(390);

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-smart-');
  const files = await Promise.all(TRACKS.map((t, i) => taggedFlac(dir, t, i)));
  const ids: string[] = [];
  for (const [i, file] of files.entries()) ids.push(await uploadAs(admin, file, `${TRACKS[i]!.title}.flac`));
  for (const id of ids) expect((await settled(admin, id)).status).toBe('ready');
  const lou = new Client(server.url);
  expect((await lou.request('/api/signup', { method: 'POST', json: { email: LISTENER.email, displayName: 'Lou', password: LISTENER.password } })).status).toBe(201);
  expect((await lou.signIn(LISTENER.email, LISTENER.password)).status).toBe(200);
  // Lou likes Alpha, Bravo and Charlie (not Delta).
  for (const id of ids.slice(0, 3)) expect((await lou.request(`/api/me/likes/${id}`, { method: 'PUT' })).status).toBe(204);

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
    await page?.screenshot({ path: '/tmp/mist-smart-failure.png', fullPage: true }).catch(() => {});
  });
});

describe('smart playlists, in Chromium', () => {
  it('creates "liked" + "artist contains aurora" in the rules editor, opens it and plays its tracks', async () => {
    await page.goto(new URL('/playlists', server.url).href);
    await page.getByRole('link', { name: 'New smart playlist' }).click();
    await page.waitForURL(/\/playlists\/smart\/new$/);
    await page.getByLabel('Name').fill('Aurora I like');
    await page.getByLabel('Condition 1 field').selectOption('artist');
    await page.getByLabel('Condition 1 artist').fill('aurora');
    await page.getByText('3 tracks match now.').waitFor();
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 2 field').selectOption('liked');
    await page.getByLabel('Sort by').selectOption('title');
    await page.getByLabel('Order').selectOption('asc');
    await page.getByLabel('At most').fill('50');
    await page.getByText('2 tracks match now.').waitFor();
    await page.screenshot({ path: '/tmp/mist-smart-editor-1440.png', fullPage: true });
    await page.getByRole('button', { name: 'Create smart playlist' }).click();

    await page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    playlistUrl = page.url();
    await page.getByRole('heading', { name: 'Aurora I like' }).waitFor();
    await expect.poll(() => page.getByTestId('smart-rules').innerText()).toBe('Artist contains ‘aurora’ and liked, by title A–Z, up to 50 tracks');
    expect(await rowTitles(page)).toEqual(['Alpha', 'Bravo']);
    // No reordering or removing: the rules choose.
    expect(await page.locator('li[data-item-id][draggable="true"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove .* from this playlist$/ }).count()).toBe(0);
    // It is in the navigation's Playlists section like any other.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Aurora I like' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-smart-playlist-1440.png', fullPage: true });

    await page.getByRole('button', { name: 'Play', exact: true }).first().click();
    await playsPast(page, 1);
    await until(page, 'the player to show Alpha', async () => (await playerText(page)).includes('Alpha'));
    await page.getByRole('button', { name: 'Next track' }).first().click();
    await until(page, 'the player to show Bravo next', async () => (await playerText(page)).includes('Bravo'));
    expect(problems.filter((p) => /^pageerror|^HTTP 5/.test(p) || (/^HTTP 4/.test(p) && !/favicon/.test(p)))).toEqual([]);
  });

  it('edits the rules in place: the playlist is evaluated again', async () => {
    await page.goto(playlistUrl);
    await page.getByRole('button', { name: 'Edit rules' }).click();
    await page.getByLabel('Condition 2 field').selectOption('year');
    await page.getByLabel('Condition 2 from year').fill('2030');
    await page.getByLabel('Condition 2 to year').fill('2020');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('"from" must not be after "to".', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Remove condition 2' }).click();
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('status').filter({ hasText: 'Rules saved' }).waitFor();
    await expect.poll(() => page.getByTestId('smart-rules').innerText()).toBe('Artist contains ‘aurora’, by title A–Z, up to 50 tracks');
    await expect.poll(() => rowTitles(page)).toEqual(['Alpha', 'Bravo', 'Delta']);
  });

  it('fits a 390 px phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(new URL('/playlists/smart/new', server.url).href);
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 2 field').selectOption('duration');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 3 field').selectOption('notPlayed');
    await page.screenshot({ path: '/tmp/mist-smart-editor-390.png', fullPage: true });
    await fits(page);
    await page.goto(playlistUrl);
    await page.getByRole('heading', { name: 'Aurora I like' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-smart-playlist-390.png', fullPage: true });
    await fits(page);
    await page.goto(new URL('/playlists', server.url).href);
    await page.getByText('Smart playlist').first().waitFor();
    await page.screenshot({ path: '/tmp/mist-smart-playlists-390.png', fullPage: true });
    await fits(page);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
