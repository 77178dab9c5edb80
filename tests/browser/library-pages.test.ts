import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';
import { albums, artists, tracks } from '@/db/schema';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, recordProblems, signInPage } from './browser';

// Issue 14 item 5 as a listener meets it: the album grid sorted and paged (60 albums made in
// the database before the server starts, more than a page of 48), an album opened from it,
// and an artist page whose Play plays the artist's (uploaded, real) tracks.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const SEEDED = 60;
/** Tracks of no album (more likes than Liked songs shows at first: 100). */
const LOOSE = 50;
const seededIds: string[] = [];
const REAL = [
  { title: 'Kestrel', track: 1, frequency: 330 },
  { title: 'Lapwing', track: 2, frequency: 440 },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[] = [];
let dataDir = '';

/** Albums of one ready track each (no audio: they are listed and opened, never played). */
async function seedAlbums(dir: string) {
  const h = await openPglite(path.join(dir, 'db'));
  await h.migrate();
  for (let i = 1; i <= SEEDED; i++) {
    const n = String(i).padStart(3, '0');
    const [artist] = await h.db.insert(artists).values({ name: `Seeded Artist ${n}`, nameKey: `seeded artist ${n}` }).returning({ id: artists.id });
    const [album] = await h.db.insert(albums).values({ title: `Album ${n}`, titleKey: `album ${n}`, artistId: artist!.id, year: 1990 + (i % 30) }).returning({ id: albums.id });
    const [track] = await h.db.insert(tracks).values({ status: 'ready', progress: 100, title: `Seeded ${n}`, artistId: artist!.id, albumId: album!.id, originalFilename: `${n}.flac`, originalKey: `originals/seed-${n}/source`, declaredContentType: 'audio/flac', durationMs: 60_000 }).returning({ id: tracks.id });
    seededIds.push(track!.id);
  }
  for (let i = 1; i <= LOOSE; i++) {
    const [track] = await h.db.insert(tracks).values({ status: 'ready', progress: 100, title: `Loose ${i}`, originalFilename: `loose-${i}.flac`, originalKey: `originals/loose-${i}/source`, declaredContentType: 'audio/flac', durationMs: 30_000 }).returning({ id: tracks.id });
    seededIds.push(track!.id);
  }
  await h.close();
}

async function taggedFlac(dir: string, t: (typeof REAL)[number]) {
  const out = path.join(dir, `${t.track}.flac`);
  await runTool(resolveMediaTools().ffmpeg, ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${t.frequency}:duration=8`, '-metadata', `title=${t.title}`, '-metadata', 'artist=Test Band', '-metadata', 'album=Real Album', '-metadata', `track=${t.track}`, out]);
  return out;
}

/** The titles of the album cards (the cover's placeholder initials left out). */
const cardTitles = (p: Page) => p.locator('main li a[href^="/albums/"] > span').allInnerTexts();
/** How much wider than the viewport the page is (0: it fits). */
const overflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-browser-library-pages-'));
  await seedAlbums(dataDir);
  server = await startServer({ dataDir, env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-library-pages-');
  const ids = [];
  for (const t of REAL) ids.push(await uploadAs(admin, await taggedFlac(dir, t), `${t.title}.flac`));
  for (const id of ids) expect((await settled(admin, id)).status).toBe('ready');
  // The admin likes every seeded track, then the two real ones (newest: Play starts there).
  for (const id of [...seededIds, ...ids.reverse()]) expect((await admin.request(`/api/me/likes/${id}`, { method: 'PUT' })).status).toBe(204);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  problems = recordProblems(page);
  await signInPage(page, server.url, ADMIN.email, ADMIN.password);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('library pages, in Chromium', () => {
  it('sorts the album grid, pages forward and opens an album', async () => {
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Albums' }).click();
    await page.waitForURL(/\/library\/albums$/);
    // Recently added first: the two uploaded tracks' album was added last.
    expect((await cardTitles(page))[0]).toBe('Real Album');
    expect(await cardTitles(page)).toHaveLength(48);
    await page.screenshot({ path: '/tmp/mist-library-albums-1440.png' });

    await page.getByRole('navigation', { name: 'Sort albums' }).getByRole('link', { name: 'Name' }).click();
    await page.waitForURL(/\/library\/albums\?sort=name$/);
    const first = await cardTitles(page);
    expect(first.slice(0, 3)).toEqual(['Album 001', 'Album 002', 'Album 003']);
    expect(first).toHaveLength(48);

    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.waitForURL(/sort=name&after=/);
    const second = await cardTitles(page);
    // The rest, in order, none of the first page again: 049 to 060, then "Real Album".
    expect(second).toEqual([...Array.from({ length: 12 }, (_, i) => `Album ${String(49 + i).padStart(3, '0')}`), 'Real Album']);
    expect(await page.getByRole('link', { name: 'Next page →' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Album 055', exact: true }).click();
    await page.waitForURL(/\/albums\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Album 055' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('Seeded 055');
  });

  it("plays the artist's tracks from the artist page's Play", async () => {
    await page.goto(new URL('/library/artists', server.url).href);
    await page.screenshot({ path: '/tmp/mist-library-artists-1440.png' });
    // Test Band has the most tracks (2; every seeded artist has 1).
    await page.getByRole('navigation', { name: 'Sort artists' }).getByRole('link', { name: 'Most tracks' }).click();
    await page.waitForURL(/\/library\/artists\?sort=tracks$/);
    await page.getByRole('link', { name: /^Test Band/ }).click();
    await page.waitForURL(/\/artists\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Test Band' }).waitFor();
    const play = page.getByRole('button', { name: 'Play Test Band', exact: true });
    await expect.poll(() => play.isEnabled()).toBe(true);
    await play.click();
    await playsPast(page, 1);
    const player = page.locator('section[aria-label="Player"]');
    await expect.poll(async () => (await player.innerText()).includes('Kestrel')).toBe(true);
    await page.screenshot({ path: '/tmp/mist-library-artist-1440.png' });
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('heading', { name: 'Recently added' }).waitFor();
    await page.screenshot({ path: '/tmp/mist-library-home-1440.png' });
    expect(problems.filter((p) => /pageerror|HTTP 5\d\d/.test(p))).toEqual([]);
  });

  it('plays all of Liked songs from its Play, though the page shows the first 100', async () => {
    const total = SEEDED + LOOSE + REAL.length;
    await page.goto(new URL('/liked', server.url).href);
    await page.getByText(`${total} tracks`).waitFor();
    const rows = page.locator('main ol > li');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().innerText()).toContain('Kestrel');
    const play = page.locator('main').getByRole('button', { name: 'Play', exact: true });
    await expect.poll(() => play.isEnabled()).toBe(true);
    await play.click();
    await playsPast(page, 1);
    // Play fetched the rest first: the queue holds every liked track, and so does the page.
    await page.locator('section[aria-label="Player"]').getByRole('button', { name: 'Queue' }).click();
    const queue = page.getByRole('dialog', { name: 'Queue' });
    await expect.poll(() => queue.locator('li').count()).toBe(total);
    expect(await queue.locator('li').first().innerText()).toContain('Kestrel');
    expect(await rows.count()).toBe(total);
    await queue.getByRole('button', { name: 'Close the queue' }).click();
    await page.screenshot({ path: '/tmp/mist-library-liked-all-1440.png' });
  });

  it('fits a phone: no page wider than the screen, the shelves scroll sideways', async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await signInPage(phone, server.url, ADMIN.email, ADMIN.password);
    const artistUrl = await page.evaluate(() => document.querySelector<HTMLAnchorElement>('main a[href^="/artists/"]')?.href);
    for (const [name, url] of [['home', '/'], ['albums', '/library/albums'], ['artists', '/library/artists'], ['library', '/library'], ['artist', artistUrl!], ['liked', '/liked']] as const) {
      await phone.goto(new URL(url, server.url).href);
      await phone.locator('main h1').first().waitFor();
      expect(await overflow(phone), name).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: `/tmp/mist-library-${name}-390.png` });
    }
    await phone.goto(new URL('/', server.url).href);
    const shelf = phone.getByRole('list', { name: 'Recently added albums' });
    expect(await shelf.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await phone.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Library' }).click();
    await phone.waitForURL(/\/library$/);
    await phone.getByRole('link', { name: 'Artists' }).first().waitFor();
  });
});
