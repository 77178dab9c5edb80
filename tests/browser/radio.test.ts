import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { taggedFlac } from '../helpers/tagged-audio';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { audioState, launchBrowser, playsPast, queueEnded, recordProblems, signInPage, until } from './browser';

// Radio as a listener meets it: "Start radio" on an album page, a queue that never runs out
// while autoplay is on (and ends when it is off). Twelve short tracks: the first batch holds
// ten, so more must arrive when the queue runs out.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const ALBUM = 'Night Drive';
const CATALOG = [
  ...['Night One', 'Night Two', 'Night Three'].map((title, i) => ({ title, artist: 'Band A', album: ALBUM, track: i + 1 })),
  ...['Bright', 'Brisk', 'Calm', 'Cool', 'Deep', 'Dusk', 'Echo', 'Ember', 'Far'].map((title, i) => ({ title, artist: `Band ${title[0]}`, album: `${title} Single`, track: 1 + (i % 2) })),
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[] = [];
const radioRequests: number[] = [];

const player = (p: Page) => p.getByRole('region', { name: 'Player' });
const playerText = async (p: Page) => (await p.locator('section[aria-label="Player"]').innerText({ timeout: 2_000 }).catch(() => '')) ?? '';
const queue = (p: Page) => p.getByRole('dialog', { name: 'Queue' });
/** The titles in the queue panel, in order (each item reads "title · artist"). */
async function queueTitles(p: Page): Promise<string[]> {
  if (!(await queue(p).isVisible())) await player(p).getByRole('button', { name: 'Queue' }).click();
  return (await queue(p).getByRole('listitem').allInnerTexts()).map((t) => t.split(' · ')[0]!.trim());
}
const closeQueue = (p: Page) => queue(p).getByRole('button', { name: 'Close the queue' }).click();
/** Plays the queue's last track and jumps to its end: the queue runs out. */
async function runOut(p: Page) {
  const titles = await queueTitles(p);
  await queue(p).getByRole('button', { name: `Play ${titles.at(-1)} now` }).click();
  await closeQueue(p);
  await until(p, `"${titles.at(-1)}" to play`, async () => (await playerText(p)).includes(titles.at(-1)!));
  await playsPast(p, 0.3);
  await p.evaluate(() => {
    const audio = document.querySelector('audio')!;
    audio.currentTime = audio.duration - 0.3;
  });
  return titles;
}

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-radio-');
  const ids: string[] = [];
  for (const [i, t] of CATALOG.entries()) ids.push(await uploadAs(admin, await taggedFlac(dir, { ...t, seconds: 4, frequency: 220 + 60 * i }), `${t.title}.flac`));
  for (const id of ids) expect((await settled(admin, id)).status).toBe('ready');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  problems = recordProblems(page);
  page.on('request', (r) => new URL(r.url()).pathname === '/api/radio' && radioRequests.push(Date.now()));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    console.log(`audio: ${JSON.stringify(await audioState(page).catch(() => null))}\nplayer: ${JSON.stringify(await playerText(page))}\nproblems:\n  ${problems.slice(-30).join('\n  ')}`);
  });
});

describe('radio, in Chromium', () => {
  it('(a) Start radio on an album plays the album first; when the queue runs out more arrives, nothing repeated', async () => {
    await signInPage(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('link', { name: ALBUM, exact: true }).first().click();
    await page.waitForURL(/\/albums\/[0-9a-f-]{36}$/);
    await page.getByRole('main').getByRole('button', { name: 'Start radio' }).click();
    await until(page, 'the album’s first track to play', async () => (await playerText(page)).includes('Night One'));
    await playsPast(page, 0.3);
    expect(await player(page).getByRole('button', { name: 'Autoplay' }).getAttribute('aria-pressed')).toBe('true');

    const first = await runOut(page);
    expect(first).toHaveLength(10);
    expect(first.slice(0, 2)).toEqual(['Night One', 'Night Two']);
    expect(new Set(first).size).toBe(10);
    // The two tracks the first batch left out arrive, and the next one plays.
    const all = await until(page, 'more tracks to arrive', async () => {
      const titles = await queueTitles(page);
      return titles.length > 10 ? titles : undefined;
    });
    await closeQueue(page);
    expect(all.slice(0, 10)).toEqual(first);
    expect(all.slice(10).sort()).toEqual(CATALOG.map((t) => t.title).filter((t) => !first.includes(t)).sort());
    await until(page, `"${all[10]}" to play after the queue ran out`, async () => (await playerText(page)).includes(all[10]!));
    await playsPast(page, 0.3);
    expect(problems.filter((p) => /\/api\/radio|pageerror/.test(p))).toEqual([]);

    await page.setViewportSize({ width: 1440, height: 900 });
    await queueTitles(page);
    await page.screenshot({ path: '/tmp/mist-radio-1440.png' });
    await closeQueue(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await player(page).getByRole('button', { name: /^Open the player/ }).click();
    await page.getByRole('dialog', { name: 'Now playing' }).getByRole('button', { name: 'Autoplay' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-radio-390.png', animations: 'disabled' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Close the player' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('(b) with autoplay off (remembered after a reload) the queue ends, and radio is not asked', async () => {
    const toggle = player(page).getByRole('button', { name: 'Autoplay' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await until(page, 'the restored track', async () => (await playerText(page)).length > 0);
    expect(await player(page).getByRole('button', { name: 'Autoplay' }).getAttribute('aria-pressed')).toBe('false');
    const asked = radioRequests.length;
    await runOut(page);
    await queueEnded(page);
    expect(radioRequests.length).toBe(asked);
  });

  it('(c) Start radio on an artist page plays the artist first', async () => {
    await page.getByRole('link', { name: 'Home', exact: true }).first().click();
    await page.getByRole('link', { name: ALBUM, exact: true }).first().click();
    await page.getByRole('main').getByRole('link', { name: 'Band A', exact: true }).first().click();
    await page.waitForURL(/\/artists\/[0-9a-f-]{36}$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('main').getByRole('button', { name: 'Start radio' }).click();
    await until(page, 'a Band A track to play', async () => /Night (One|Two|Three)/.test(await playerText(page)));
    await page.screenshot({ path: '/tmp/mist-radio-artist-390.png', animations: 'disabled' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    const titles = await queueTitles(page);
    expect(titles.filter((t) => t.startsWith('Night')).length).toBeGreaterThanOrEqual(2);
    expect(titles.slice(0, 2).every((t) => t.startsWith('Night'))).toBe(true);
    await closeQueue(page);
  });
});
