import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '@/lib/media/test-audio';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { Client } from '../http/client';
import { startServer, type RunningServer } from '../http/server';
import { settled, uploadAs } from '../http/tracks';
import { launchBrowser, playsPast, signInPage, until } from './browser';

// Loudness normalization as a listener hears it: a loud and a quiet master of the same tone
// come out of the speakers at the same level with normalization on (the default), and about
// 24 dB apart with it off. The level is read where the page's audio reaches the speakers.

const ADMIN = { email: 'admin@example.org', password: 'admin password' };
const LOUD = { title: 'Loud Master', volume: '12dB' };
const QUIET = { title: 'Quiet Master', volume: '-12dB' };

let server: RunningServer;
let browser: Browser;
let page: Page;

/** A tap on everything connected to the speakers: an AnalyserNode beside the destination. */
const TAP = () => {
  const connect = AudioNode.prototype.connect as (this: AudioNode, dest: AudioNode | AudioParam, ...rest: number[]) => AudioNode;
  AudioNode.prototype.connect = function (this: AudioNode, dest: AudioNode | AudioParam, ...rest: number[]) {
    if (dest instanceof AudioDestinationNode) {
      const w = window as unknown as { __tap?: AnalyserNode };
      w.__tap ??= this.context.createAnalyser();
      w.__tap.fftSize = 2048;
      connect.call(this, w.__tap);
    }
    return connect.call(this, dest, ...rest);
  } as typeof AudioNode.prototype.connect;
};

/** RMS level at the speakers in dBFS, averaged over ~1 s of playback. */
async function speakerLevel(p: Page): Promise<number> {
  return p.evaluate(async () => {
    const tap = (window as unknown as { __tap?: AnalyserNode }).__tap;
    if (!tap) throw new Error('no audio reached the speakers through Web Audio');
    const buf = new Float32Array(tap.fftSize);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      tap.getFloatTimeDomainData(buf);
      for (const x of buf) sum += x * x;
      n += buf.length;
    }
    return 10 * Math.log10(sum / n + 1e-12);
  });
}

async function master(dir: string, t: typeof LOUD, n: number) {
  const out = path.join(dir, `${n}.flac`);
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30', '-af', `volume=${t.volume}`,
    '-metadata', `title=${t.title}`, '-metadata', 'artist=Level Tester', '-metadata', 'album=Levels', '-metadata', `track=${n}`, out,
  ]);
  return out;
}

async function playAndMeasure(title: string): Promise<number> {
  await page.getByRole('button', { name: `Play ${title}`, exact: true }).click();
  await until(page, `"${title}" in the player`, async () => (await page.getByRole('region', { name: 'Player' }).innerText()).includes(title));
  await playsPast(page, 1.5);
  return speakerLevel(page);
}

beforeAll(async () => {
  server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
  const admin = new Client(server.url);
  expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  const dir = await makeTempDir('mist-loudness-');
  for (const [i, t] of [LOUD, QUIET].entries()) {
    const id = await uploadAs(admin, await master(dir, t, i + 1), `${t.title}.flac`);
    const track = await settled(admin, id);
    expect(track.status, `${t.title}: ${track.error}`).toBe('ready');
  }
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(TAP);
  page = await context.newPage();
  await signInPage(page, server.url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Levels', exact: true }).first().click();
  await page.waitForURL(/\/albums\/[0-9a-f-]{36}$/);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeTempDirs();
});

describe('loudness normalization, in Chromium', () => {
  it('is on by default: a loud and a quiet master play at the same level', async () => {
    const toggle = page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Loudness normalization' });
    const loud = await playAndMeasure(LOUD.title);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const quiet = await playAndMeasure(QUIET.title);
    expect(Math.abs(loud - quiet), `loud ${loud.toFixed(1)} dB, quiet ${quiet.toFixed(1)} dB`).toBeLessThan(1.5);
  });

  it('off: the masters play as they were made, about 24 dB apart, and the choice is remembered', async () => {
    const toggle = page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Loudness normalization' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await new Promise((r) => setTimeout(r, 300));
    const quiet = await speakerLevel(page);
    const loud = await playAndMeasure(LOUD.title);
    expect(loud - quiet, `loud ${loud.toFixed(1)} dB, quiet ${quiet.toFixed(1)} dB`).toBeGreaterThan(20);
    expect(loud - quiet).toBeLessThan(28);
    await page.reload();
    await page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Loudness normalization' }).waitFor();
    expect(await page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Loudness normalization' }).getAttribute('aria-pressed')).toBe('false');
  });
});
