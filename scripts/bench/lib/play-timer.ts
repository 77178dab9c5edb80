import type { CDPSession, Page } from 'playwright-core';

/** Chromium's own throttling: `latency` ms added to every response, 10 Mbps each way (bytes/s). */
export const EMULATED = { offline: false, latency: 40, downloadThroughput: 10_000_000 / 8, uploadThroughput: 10_000_000 / 8 };

export type Play = { ms: number; timeline: string[] };

declare global {
  interface Window {
    __ttfa?: { click: number; playing: number };
  }
}

/**
 * Times every click on a button labelled "Play…" to the next `playing` event of the page's
 * <audio>, both from the events' own timestamps (the click's is when the input arrived).
 */
export async function instrument(page: Page): Promise<CDPSession> {
  await page.waitForSelector('audio', { state: 'attached' });
  await page.evaluate(() => {
    window.__ttfa = { click: 0, playing: 0 };
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as Element).closest?.('button[aria-label^="Play"]')) window.__ttfa = { click: e.timeStamp, playing: 0 };
      },
      true,
    );
    document.querySelector('audio')!.addEventListener('playing', (e) => {
      const t = window.__ttfa!;
      if (t.click && !t.playing) t.playing = e.timeStamp;
    });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  return cdp;
}

export async function setNetwork(cdp: CDPSession, emulated: boolean) {
  await cdp.send('Network.emulateNetworkConditions', emulated ? EMULATED : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

/**
 * One play as a listener starts it: whatever played is paused, the HTTP cache is emptied (so
 * nothing of a track comes from an earlier play), then a click on the button named `label`.
 * Returns the time to the first `playing` and the requests made since the click.
 */
export async function timePlay(page: Page, cdp: CDPSession, label: string): Promise<Play> {
  await page.evaluate(() => {
    document.querySelector('audio')!.pause();
    performance.clearResourceTimings();
    window.__ttfa = { click: 0, playing: 0 };
  });
  await cdp.send('Network.clearBrowserCache');
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForFunction(() => (window.__ttfa?.playing ?? 0) > 0, null, { timeout: 30_000 });
  const r = await page.evaluate(() => ({
    ...window.__ttfa!,
    entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
  }));
  const rel = (t: number) => (t - r.click).toFixed(0).padStart(4);
  const timeline = r.entries
    .filter((e) => e.start >= r.click - 1)
    .map((e) => `${rel(e.start)} → ${rel(e.end)} ms  ${e.name.replace(/^https?:\/\/[^/]+/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 90)}`);
  timeline.push(`${rel(r.playing)} ms  playing`);
  return { ms: r.playing - r.click, timeline };
}
