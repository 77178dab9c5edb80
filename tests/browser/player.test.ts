import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { taggedFlac as tagged } from '../helpers/tagged-audio';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { audioState, currentTime, keepsPlaying, launchBrowser, playsPast, queueEnded, recordProblems, signInPage, until } from './browser';

// The player as a listener meets it: album pages with Play buttons, a persistent player bar
// (region "Player") around an <audio> element fed by hls.js, quality choice, auto-advance,
// and errors shown as role="alert". Debian's Chromium, headless, with real media clocks.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const LISTENER = { email: 'lou@example.org', password: 'listen password' };
const FIRST = { title: 'First Light', track: 1, seconds: 25, frequency: 440 };
const SECOND = { title: 'Second Wind', track: 2, seconds: 12, frequency: 660 };
const ALBUM = 'Test Album';
const SCREENSHOT = '/tmp/mist-player.png';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[] = [];
let albumUrl: string;
const ids: { first?: string; second?: string } = {};
/** Variant playlist and segment requests the admin's page made: [time, variant, url]. */
const variantRequests: { at: number; variant: string; url: string }[] = [];

/** A tagged FLAC, so both tracks land on one album in order. */
const taggedFlac = (dir: string, t: typeof FIRST) => tagged(dir, { ...t, artist: 'Test Band', album: ALBUM });

const player = (p: Page) => p.getByRole('region', { name: 'Player' });
// By CSS, not by role: with nothing to play the bar is hidden and out of the accessibility
// tree, and a role locator would wait its full timeout for it.
const playerText = async (p: Page) => (await p.locator('section[aria-label="Player"]').innerText({ timeout: 2_000 }).catch(() => '')) ?? '';
const showsInPlayer = (p: Page, text: string, ms = 15_000) =>
  until(p, `the player to show "${text}"`, async () => (await playerText(p)).includes(text), ms);

function watchVariants(p: Page) {
  p.on('request', (r: Request) => {
    const m = /\/(64k|128k|192k)(?:\.m3u8|\/)/.exec(r.url());
    if (m) variantRequests.push({ at: Date.now(), variant: m[1]!, url: r.url() });
  });
}

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-browser-');
  const [first, second] = await Promise.all([taggedFlac(dir, FIRST), taggedFlac(dir, SECOND)]);
  ids.first = await uploadAs(admin, first, 'First Light.flac');
  ids.second = await uploadAs(admin, second, 'Second Wind.flac');
  for (const id of [ids.first, ids.second]) {
    const track = await settled(admin, id);
    expect(track.status, `track ${track.title}: ${track.error}`).toBe('ready');
  }

  // The second listener of test (e): an ordinary account.
  const lou = new Client(server.url);
  const signup = await lou.request('/api/signup', { method: 'POST', json: { email: LISTENER.email, displayName: 'Lou', password: LISTENER.password } });
  expect(signup.status).toBe(201);

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  problems = recordProblems(page);
  watchVariants(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    const state = page ? await audioState(page).catch(() => null) : null;
    console.log(
      [
        `audio: ${JSON.stringify(state)}`,
        `player text: ${page ? JSON.stringify(await playerText(page)) : '-'}`,
        `page problems:\n  ${problems.slice(-40).join('\n  ') || '(none)'}`,
        `server output (tail):\n${server?.output().split('\n').slice(-30).join('\n')}`,
      ].join('\n'),
    );
  });
});

describe('the player, in Chromium', () => {
  it('(a) plays a track from its album page and shows its title', async () => {
    await signInPage(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('link', { name: ALBUM, exact: true }).first().click();
    await page.waitForURL(/\/albums\/[0-9a-f-]{36}$/);
    albumUrl = page.url();

    await page.getByRole('button', { name: `Play ${FIRST.title}`, exact: true }).click();
    await playsPast(page, 3);
    await showsInPlayer(page, FIRST.title);
    expect(await page.locator('audio').count(), 'one <audio> element').toBe(1);
    expect(await player(page).locator('audio').count(), 'the <audio> sits in the Player region').toBe(1);
    await page.screenshot({ path: SCREENSHOT });
  });

  it('(b) keeps playing while the listener moves to another page', async () => {
    const before = await currentTime(page);
    expect(before).toBeGreaterThan(3);
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    const { from, to } = await keepsPlaying(page, 2);
    expect(from, 'playback did not restart or jump back on navigation').toBeGreaterThanOrEqual(before);
    expect(to).toBeGreaterThan(before + 2);
    await showsInPlayer(page, FIRST.title, 5_000);
    // The title in the player leads to the track's page, and the music goes on.
    await player(page).getByRole('link', { name: FIRST.title, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/tracks/${ids.first}`);
    await page.getByRole('heading', { name: FIRST.title, exact: true }).waitFor();
    await keepsPlaying(page, 1);
  });

  it('(c) switches to 64 kbps without stopping', async () => {
    const quality = player(page).getByLabel('Quality');
    const options = (await quality.locator('option').allInnerTexts()).map((s) => s.trim());
    expect(options).toEqual(['Auto', '64 kbps', '128 kbps', '192 kbps']);

    const lastBefore = variantRequests.at(-1)?.variant;
    const switchedAt = Date.now();
    const before = await currentTime(page);
    await quality.selectOption({ label: '64 kbps' });
    const { to } = await keepsPlaying(page, 2);
    expect(to).toBeGreaterThan(before + 2);
    expect(await audioState(page).then((s) => s?.paused)).toBe(false);

    // The stream really changes (unless hls.js was on 64k already): the 64k playlist or its
    // segments are fetched after the choice.
    if (lastBefore !== '64k') {
      await until(page, `a 64k request after choosing 64 kbps (variants before: ${JSON.stringify(variantRequests.map((r) => r.variant))})`, async () =>
        variantRequests.some((r) => r.at >= switchedAt && r.variant === '64k'),
      10_000);
    }
  });

  it('(d) moves on to the next track of the album by itself', async () => {
    const duration = await page.evaluate(() => document.querySelector('audio')!.duration);
    expect(Number.isFinite(duration), `audio.duration is ${duration}`).toBe(true);
    expect(duration).toBeGreaterThan(FIRST.seconds - 2);
    await page.evaluate(() => {
      const audio = document.querySelector('audio')!;
      audio.currentTime = audio.duration - 2;
    });
    // The second track is current when its title shows and the clock starts again near zero.
    await until(page, `"${SECOND.title}" to start after "${FIRST.title}" ends`, async () => {
      const t = await currentTime(page);
      return (await playerText(page)).includes(SECOND.title) && t < 8;
    }, 15_000);
    await keepsPlaying(page, 2);
    const text = await playerText(page);
    expect(text).toContain(SECOND.title);
  });

  it('(e) shows an error when the key is refused', async () => {
    const lou = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p = await lou.newPage();
      const louProblems = recordProblems(p);
      await signInPage(p, server.url, LISTENER.email, LISTENER.password);

      const sessions: number[] = [];
      p.on('response', (r) => {
        if (new URL(r.url()).pathname === '/api/listening/sessions' && r.request().method() === 'POST') sessions.push(r.status());
      });
      let refusedKeys = 0;
      await p.route((url) => /^\/api\/tracks\/[^/]+\/key$/.test(url.pathname), (r) => {
        refusedKeys++;
        return r.fulfill({ status: 403, body: '{"error":{"code":"forbidden","message":"no"}}', contentType: 'application/json' });
      });

      await p.goto(albumUrl);
      await p.getByRole('button', { name: `Play ${FIRST.title}`, exact: true }).click();
      const alert = player(p).getByRole('alert');
      try {
        await alert.first().waitFor({ state: 'visible', timeout: 20_000 });
      } catch (e) {
        throw new Error(
          `no role="alert" in the Player region within 20 s (sessions: ${JSON.stringify(sessions)}, key requests refused: ${refusedKeys}, ` +
            `player text: ${JSON.stringify(await playerText(p))}, audio: ${JSON.stringify(await audioState(p))})\n  ${louProblems.slice(-20).join('\n  ')}`,
          { cause: e },
        );
      }
      expect(sessions, 'the listening session itself is created').toContain(201);
      expect(refusedKeys, 'the key request was made (and refused)').toBeGreaterThan(0);
      expect((await alert.first().innerText()).trim().length, 'the alert says something').toBeGreaterThan(0);
      const state = await audioState(p);
      expect(state === null || state.currentTime < 1, `nothing plays: ${JSON.stringify(state)}`).toBe(true);
    } finally {
      await lou.close();
    }
  });

  it('(f) the album header’s Play button plays the album from the first track', async () => {
    await page.goto(albumUrl);
    await page.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
    await until(page, `"${FIRST.title}" to play from the start`, async () => {
      const t = await currentTime(page);
      return (await playerText(page)).includes(FIRST.title) && t > 0.5 && t < 10;
    }, 20_000);
    await keepsPlaying(page, 2);
  });

  it('(g) the queue reorders, plays any item now, and keeps the playing track', async () => {
    await player(page).getByRole('button', { name: 'Queue' }).click();
    const queue = page.getByRole('dialog', { name: 'Queue' });
    await expect.poll(async () => (await queue.innerText()).indexOf(SECOND.title) > (await queue.innerText()).indexOf(FIRST.title)).toBe(true);
    await queue.getByRole('button', { name: `Move ${SECOND.title} up` }).click();
    await expect.poll(async () => (await queue.innerText()).indexOf(SECOND.title) < (await queue.innerText()).indexOf(FIRST.title)).toBe(true);
    await showsInPlayer(page, FIRST.title, 5_000);
    expect(await queue.getByRole('button', { name: `Remove ${FIRST.title} from the queue` }).isDisabled()).toBe(true);
    await queue.getByRole('button', { name: `Play ${SECOND.title} now` }).click();
    await showsInPlayer(page, SECOND.title);
    await playsPast(page, 2.5);
    await queue.getByRole('button', { name: 'Close the queue' }).click();
  });

  it('(h) highlights the playing row; after a reload the track waits, paused, where it was', async () => {
    await page.goto(albumUrl);
    await page.getByRole('button', { name: `Play ${SECOND.title}`, exact: true }).click();
    await playsPast(page, 3);
    const row = page.getByRole('main').getByRole('listitem').filter({ hasText: SECOND.title });
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true');
    expect(await page.getByRole('main').getByRole('listitem').filter({ hasText: FIRST.title }).getAttribute('aria-current')).toBeNull();

    await page.evaluate(() => document.querySelector('audio')!.pause());
    const at = await currentTime(page);
    await page.reload();
    await showsInPlayer(page, SECOND.title);
    const restored = await until(page, 'the restored track to load at its position', async () => {
      const a = await audioState(page);
      return a && a.readyState >= 1 && Math.abs(a.currentTime - at) < 1.5 ? a : undefined;
    });
    expect(restored.paused, 'a restored track does not start by itself').toBe(true);
    await player(page).getByRole('button', { name: 'Play', exact: true }).click();
    const { from } = await keepsPlaying(page, 1);
    expect(from, 'it goes on from where it was').toBeGreaterThan(at - 1.5);
  });

  it('(i) a track clicked right after a reload wins over the restored one', async () => {
    await page.reload();
    // Clicked as soon as the button can act (it stays disabled until the page is live).
    await page.getByRole('button', { name: `Play ${FIRST.title}`, exact: true }).click();
    await until(page, `"${FIRST.title}" (clicked) to play from the start`, async () => {
      const t = await currentTime(page);
      return (await playerText(page)).includes(FIRST.title) && t > 0.5 && t < 10;
    });
    await keepsPlaying(page, 1.5);
    expect(await playerText(page)).not.toContain(SECOND.title);
  });

  it('(i2) a track clicked while the restored one is still loading starts from its own beginning', async () => {
    // The restored track is parked late in it (9 s of 12); its key is held back, so its load
    // gets as far as setting the position (readyState 0) but never to its first frame.
    await page.goto(albumUrl);
    await page.getByRole('button', { name: `Play ${SECOND.title}`, exact: true }).click();
    await until(page, `"${SECOND.title}" to play`, async () => {
      const a = await audioState(page);
      return a && Math.abs(a.duration - SECOND.seconds) < 1 && a.currentTime > 1 && !a.paused;
    });
    await page.evaluate(() => {
      const audio = document.querySelector('audio')!;
      audio.currentTime = 9;
      audio.pause();
    });
    const held: (() => Promise<void>)[] = [];
    const secondKey = (url: URL) => url.pathname === `/api/tracks/${ids.second}/key`;
    await page.route(secondKey, (r) => void held.push(() => r.abort().catch(() => {})));
    try {
      await page.reload();
      await showsInPlayer(page, SECOND.title);
      await until(page, 'the restored track to be parked at 9 s, not loaded yet', async () => {
        const a = await audioState(page);
        return a && a.readyState === 0 && Math.abs(a.currentTime - 9) < 1;
      });
      await page.getByRole('button', { name: `Play ${FIRST.title}`, exact: true }).click();
      // Its first frames: from 0, not from where the restored track was parked.
      const started = await until(page, `"${FIRST.title}" to start`, async () => {
        const a = await audioState(page);
        return (await playerText(page)).includes(FIRST.title) && a && a.readyState >= 1 && Math.abs(a.duration - FIRST.seconds) < 1 ? a : undefined;
      });
      expect(started.currentTime, `"${FIRST.title}" starts at its beginning: ${JSON.stringify(started)}`).toBeLessThan(3);
      await keepsPlaying(page, 1);
    } finally {
      await page.unroute(secondKey);
      for (const release of held) await release();
    }
  });

  it('(j) Shuffle plays the album in a random order, each track once, and shows it in the queue', async () => {
    await page.goto(albumUrl);
    await page.getByRole('main').getByRole('button', { name: 'Shuffle', exact: true }).click();
    await playsPast(page, 1);
    await expect.poll(() => player(page).getByRole('button', { name: 'Shuffle' }).getAttribute('aria-pressed')).toBe('true');
    const first = (await playerText(page)).includes(FIRST.title) ? FIRST.title : SECOND.title;
    const other = first === FIRST.title ? SECOND.title : FIRST.title;
    await player(page).getByRole('button', { name: 'Queue' }).click();
    const queue = page.getByRole('dialog', { name: 'Queue' });
    const order = await queue.getByRole('listitem').allInnerTexts();
    expect(order.map((t) => (t.includes(FIRST.title) ? FIRST.title : SECOND.title))).toEqual([first, other]);
    await queue.getByRole('button', { name: 'Close the queue' }).click();
    await player(page).getByRole('button', { name: 'Next track' }).click();
    await showsInPlayer(page, other);
    await playsPast(page, 1);
    // Shuffle off: back to album order, on the same track.
    await player(page).getByRole('button', { name: 'Shuffle' }).click();
    await player(page).getByRole('button', { name: 'Queue' }).click();
    const unshuffled = await queue.getByRole('listitem').allInnerTexts();
    expect(unshuffled.map((t) => (t.includes(FIRST.title) ? FIRST.title : SECOND.title))).toEqual([FIRST.title, SECOND.title]);
    await showsInPlayer(page, other, 2_000);
    await queue.getByRole('button', { name: 'Close the queue' }).click();
  });

  it('(k) on a phone the bar is compact and the full player opens as a sheet', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(albumUrl);
      await phone.getByRole('button', { name: `Play ${FIRST.title}`, exact: true }).click();
      await playsPast(phone, 1);
      // The compact bar: no seek bar or volume until the sheet opens.
      await expect.poll(() => player(phone).getByRole('slider', { name: 'Seek' }).count()).toBe(0);
      await player(phone).getByRole('button', { name: `Open the player: ${FIRST.title}` }).click();
      const sheet = phone.getByRole('dialog', { name: 'Now playing' });
      await sheet.waitFor();
      expect(await sheet.innerText()).toContain(FIRST.title);
      await sheet.getByRole('slider', { name: 'Seek' }).waitFor();
      // Its title leads to the track's page and closes the sheet; the music goes on.
      await sheet.getByRole('link', { name: FIRST.title, exact: true }).click();
      await phone.waitForURL((url) => url.pathname === `/tracks/${ids.first}`);
      await sheet.waitFor({ state: 'hidden' });
      await keepsPlaying(phone, 1);
      await player(phone).getByRole('button', { name: `Open the player: ${FIRST.title}` }).click();
      await sheet.waitFor();
      await phone.screenshot({ path: '/tmp/mist-player-phone.png', animations: 'disabled' });
      await sheet.getByRole('button', { name: 'Pause' }).click();
      await until(phone, 'the sheet’s Pause to pause', async () => (await audioState(phone))?.paused);
      await phone.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
      await player(phone).getByRole('button', { name: 'Play', exact: true }).click();
      await keepsPlaying(phone, 1);
    } finally {
      await phone.close();
    }
  });

  it('(l) a play counts once heard long enough; skipping ahead to the end does not count', async () => {
    const max = { email: 'max@example.org', password: 'max password 1', displayName: 'Max' };
    expect((await new Client(server.url).request('/api/signup', { method: 'POST', json: max })).status).toBe(201);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Max turned autoplay off: the queue ends with the track (tests/browser/radio.test.ts has autoplay on).
    await ctx.addInitScript(() => localStorage.setItem('mist-autoplay', 'false'));
    try {
      const p = await ctx.newPage();
      await signInPage(p, server.url, max.email, max.password);
      const trackUrl = new URL(`/tracks/${ids.second}`, server.url).href;
      await p.goto(trackUrl);
      await p.getByText('You haven’t played this yet').waitFor();

      // One second heard, then a jump to the end: not a play.
      await p.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
      await playsPast(p, 1);
      await p.evaluate(() => (document.querySelector('audio')!.currentTime = document.querySelector('audio')!.duration - 0.5));
      // The queue ends with the track, which stays in the player bar.
      await queueEnded(p);
      expect(await p.locator('section[aria-label="Player"]').innerText()).toContain(SECOND.title);
      // Its Play starts it again from the beginning.
      await p.locator('section[aria-label="Player"]').getByRole('button', { name: 'Play', exact: true }).click();
      await until(p, 'the track to start again', async () => {
        const a = await audioState(p);
        return a && !a.paused && !a.ended && a.currentTime > 0.3 && a.currentTime < 5;
      });
      await p.waitForTimeout(500); // the end beat is on its way
      await p.reload();
      await p.getByText('You haven’t played this yet').waitFor();

      // Heard to the end (12 s, more than half of a short track): one play.
      await p.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
      await playsPast(p, 1);
      await queueEnded(p, 30_000);
      await p.waitForTimeout(500);
      await p.reload();
      await p.getByText('You’ve played this once').waitFor({ timeout: 5_000 });

      // The history page shows it: one play today, in the chart's summary and the recent list.
      await p.getByRole('link', { name: 'History', exact: true }).first().click();
      await p.waitForURL((u) => u.pathname === '/history');
      const recent = p.getByRole('main').locator('section[aria-labelledby="recent-plays"]');
      await recent.getByText(SECOND.title).first().waitFor({ timeout: 10_000 });
      expect(await recent.getByText(SECOND.title).count(), 'one play, listed once').toBe(1);
      expect(await p.getByRole('main').innerText()).toMatch(/\b1\s+play\b/);
      await p.screenshot({ path: '/tmp/mist-history.png' });
    } finally {
      await ctx.close();
    }
  });

  it('(l2) a play shows the moment it counts: History lists it while the track still plays', async () => {
    const ned = { email: 'ned@example.org', password: 'ned password 1', displayName: 'Ned' };
    expect((await new Client(server.url).request('/api/signup', { method: 'POST', json: ned })).status).toBe(201);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(() => localStorage.setItem('mist-autoplay', 'false'));
    try {
      const p = await ctx.newPage();
      await signInPage(p, server.url, ned.email, ned.password);
      await p.goto(new URL(`/tracks/${ids.second}`, server.url).href);
      await p.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
      // Half of the 12 s track makes a play: at 7 s it counts, 5 s before the track ends and 8 s
      // before the next 15-second beat would have told the server.
      await playsPast(p, 7);
      const history = await ctx.newPage();
      await history.goto(new URL('/history', server.url).href);
      const recent = history.getByRole('main').locator('section[aria-labelledby="recent-plays"]');
      await recent.getByText(SECOND.title).first().waitFor({ timeout: 3_000 });
      const state = await audioState(p);
      expect(state!.ended, 'the play was counted while the track still played').toBe(false);
      expect(state!.currentTime).toBeLessThan(11.5);
    } finally {
      await ctx.close();
    }
  });

  it('(m) each tab is a player of its own: a second tab restoring the track, paused, does not stop the first tab’s play from counting', async () => {
    const mia = { email: 'mia@example.org', password: 'mia password 1', displayName: 'Mia' };
    expect((await new Client(server.url).request('/api/signup', { method: 'POST', json: mia })).status).toBe(201);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Autoplay off: the first tab's queue ends with its track.
    await ctx.addInitScript(() => localStorage.setItem('mist-autoplay', 'false'));
    try {
      // The device id each tab's player sends when it starts a session.
      const starts: { tab: string; deviceId?: string }[] = [];
      const watch = (p: Page, tab: string) =>
        p.on('request', (r) => {
          if (new URL(r.url()).pathname === '/api/listening/sessions' && r.method() === 'POST') starts.push({ tab, deviceId: (r.postDataJSON() as { deviceId?: string }).deviceId });
        });
      const first = await ctx.newPage();
      watch(first, 'first');
      await signInPage(first, server.url, mia.email, mia.password);
      await first.goto(new URL(`/tracks/${ids.second}`, server.url).href);
      await first.getByText('You haven’t played this yet').waitFor();
      await first.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
      await playsPast(first, 1);
      // Held still while the second tab opens, however slow the machine: the second tab
      // must start inside the first tab's play, before it could count (6 s).
      await player(first).getByRole('button', { name: 'Pause' }).click();
      await until(first, 'the first tab to pause', async () => (await audioState(first))?.paused);

      // A second tab restores the track, paused: a session of its own, key fetched.
      const second = await ctx.newPage();
      watch(second, 'second');
      await second.goto(albumUrl);
      await showsInPlayer(second, SECOND.title);
      await until(second, 'the restored track to wait, paused', async () => {
        const a = await audioState(second);
        return a && a.readyState >= 1 && a.paused;
      });
      expect(await currentTime(first), 'the first tab is still inside its play').toBeLessThan(6);
      await player(first).getByRole('button', { name: 'Play', exact: true }).click();
      await keepsPlaying(first, 1);

      await queueEnded(first, 30_000);
      await first.waitForTimeout(500); // the end beat is on its way
      await first.reload();
      await first.getByText('You’ve played this once').waitFor({ timeout: 5_000 });

      const idOf = (tab: string) => [...new Set(starts.filter((x) => x.tab === tab).map((x) => x.deviceId))];
      expect(idOf('first')).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
      expect(idOf('second')).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
      expect(idOf('second')[0]).not.toBe(idOf('first')[0]);
    } finally {
      await ctx.close();
    }
  });
  it('(n) a track page shows similar tracks, and Start radio queues the track and then what goes with it', async () => {
    await page.goto(new URL(`/tracks/${ids.first}`, server.url).href);
    const before = problems.length;
    const rail = page.getByRole('region', { name: 'Similar tracks' });
    await rail.getByRole('link', { name: SECOND.title, exact: true }).waitFor();
    expect(await rail.getByText('Test Band').count()).toBe(1);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: '/tmp/mist-similar-1440.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Start radio' }).click();
    await showsInPlayer(page, FIRST.title);
    await playsPast(page, 1);
    await player(page).getByRole('button', { name: 'Queue' }).click();
    const queue = page.getByRole('dialog', { name: 'Queue' });
    await expect.poll(async () => {
      const text = await queue.innerText();
      return text.includes(FIRST.title) && text.indexOf(SECOND.title) > text.indexOf(FIRST.title);
    }).toBe(true);
    await queue.getByRole('button', { name: 'Close the queue' }).click();

    // The shelf's own play button plays that track; its title leads to its page.
    await rail.getByRole('button', { name: `Play ${SECOND.title}` }).click();
    await showsInPlayer(page, SECOND.title);
    await rail.getByRole('link', { name: SECOND.title, exact: true }).click();
    await page.waitForURL(new RegExp(`/tracks/${ids.second}$`));
    await page.getByRole('region', { name: 'Similar tracks' }).getByRole('link', { name: FIRST.title, exact: true }).waitFor();
    // Reloading a track page while a queue is restored hydrates without a mismatch.
    await page.reload();
    await page.getByRole('region', { name: 'Similar tracks' }).waitFor();
    await page.waitForTimeout(500);
    expect(problems.slice(before).filter((p) => /hydrat|#418|Minified React error/i.test(p))).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/mist-similar-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('(o) search answers a typo while it is typed, without Enter, and plays from the results', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const p = await ctx.newPage();
      const seen = recordProblems(p);
      const searches: string[] = [];
      p.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname === '/api/search') searches.push(url.searchParams.get('q') ?? '');
      });
      await signInPage(p, server.url, LISTENER.email, LISTENER.password);
      await p.goto(new URL('/search', server.url).href);
      const typed = 'secnd wnd';
      await p.getByRole('searchbox').pressSequentially(typed, { delay: 40 });
      const tracks = p.getByRole('region', { name: 'Tracks' });
      await tracks.getByRole('link', { name: SECOND.title }).waitFor({ timeout: 10_000 });
      // Answered while typing: the address follows the text; fewer questions than keystrokes.
      expect(new URL(p.url()).searchParams.get('q')).toBe(typed);
      expect(searches.at(-1)).toBe(typed);
      expect(searches.length).toBeLessThan(typed.length);
      await p.screenshot({ path: '/tmp/mist-search-phone.png', fullPage: true });
      await tracks.getByRole('button', { name: `Play ${SECOND.title}`, exact: true }).click();
      await showsInPlayer(p, SECOND.title);
      await playsPast(p, 0.5);

      // The artist, typed in part with another case, is offered as a top result.
      await p.getByRole('searchbox').fill('TEST BAND');
      await p.getByRole('region', { name: 'Top result' }).getByRole('link', { name: /Test Band/ }).waitFor({ timeout: 10_000 });
      // Over the limit: a message, and no question sent.
      const before = searches.length;
      await p.getByRole('searchbox').fill('x'.repeat(201));
      await p.getByRole('alert').filter({ hasText: 'at most 200 characters' }).waitFor({ timeout: 5_000 });
      await p.waitForTimeout(400);
      expect(searches.length).toBe(before);
      // Nothing broke on the page and no request was refused or failed by the server, the
      // favicon included (questions overtaken by the next keystroke, and the pages Next
      // prefetches, are cancelled: not failures).
      expect(seen.filter((x) => x.startsWith('pageerror') || /^HTTP [45]\d\d/.test(x))).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
