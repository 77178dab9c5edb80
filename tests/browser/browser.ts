import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never `npx playwright install`): it plays AAC in
 * MPEG-TS through MSE, and headless media clocks run. See the design FIELD-NOTES.
 */
export const CHROMIUM = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Signs in through the /signin form, as a listener does, and waits until the app leaves it. */
export async function signInPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(new URL('/signin', baseUrl).href);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** What the page's <audio> element reports; `null` while there is none. */
export type AudioState = { currentTime: number; duration: number; paused: boolean; ended: boolean; readyState: number; error: number | null };

export function audioState(page: Page): Promise<AudioState | null> {
  return page.evaluate(() => {
    const audio = document.querySelector('audio');
    if (!audio) return null;
    return {
      currentTime: audio.currentTime,
      duration: audio.duration,
      paused: audio.paused,
      ended: audio.ended,
      readyState: audio.readyState,
      error: audio.error ? audio.error.code : null,
    };
  });
}

/** The audio's currentTime (NaN while there is no <audio>). */
export async function currentTime(page: Page): Promise<number> {
  return (await audioState(page))?.currentTime ?? Number.NaN;
}

/**
 * Polls until `check` holds; on timeout fails with `what` and the last audio state, so a
 * failure says what the listener would have heard (or not).
 */
export async function until<T>(page: Page, what: string, check: () => Promise<T | undefined | false | null>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = await audioState(page).catch((e: unknown) => `unavailable (${String(e)})`);
      throw new Error(`timed out after ${ms} ms waiting for ${what}; audio: ${JSON.stringify(state)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the queue has played out: the audio ended, and the player bar still shows its last track. */
export function queueEnded(page: Page, ms = 20_000): Promise<true> {
  return until(page, 'the queue to end with the player bar still showing', async () => ((await audioState(page))?.ended && (await page.locator('section[aria-label="Player"]').isVisible())) || undefined, ms);
}

/** Waits until the audio's currentTime is past `seconds`. */
export function playsPast(page: Page, seconds: number, ms = 20_000): Promise<number> {
  return until(page, `currentTime to pass ${seconds} s`, async () => {
    const t = await currentTime(page);
    return t > seconds ? t : undefined;
  }, ms);
}

/** Waits until currentTime has grown by `by` seconds from what it is now: playback goes on. */
export async function keepsPlaying(page: Page, by = 2, ms = 15_000): Promise<{ from: number; to: number }> {
  const from = await currentTime(page);
  const to = await until(page, `currentTime to grow by ${by} s from ${from.toFixed(2)} s`, async () => {
    const t = await currentTime(page);
    return t >= from + by ? t : undefined;
  }, ms);
  return { from, to };
}

/** Collects the page's console errors, uncaught exceptions and failed requests, for failure messages. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}
