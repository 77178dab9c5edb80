// npm run bench:ttfa — time to first audio in Debian's Chromium: a click on a track's Play
// button to the <audio> element's `playing` event, for PLAYS different tracks (each played
// once, HTTP cache emptied before each), on loopback and with Chromium's emulated 40 ms
// latency and 10 Mbps. In the same run, the baseline: default hls.js playing one of the same
// tracks' published HLS files (same ladder, key inline) from a plain node:http server.
// Targets: median <= 120 ms on loopback, <= 265 ms emulated.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, signInPage } from '../../tests/browser/browser';
import { Client } from '../../tests/http/client';
import { startServer } from '../lib/server';
import { buildIfNeeded } from '../lib/build.mjs';
import { instrument, setNetwork, timePlay, type Play } from './lib/play-timer';
import { seedTracks } from './lib/seed-tracks';
import { startStaticHls } from './lib/static-hls';
import { ms, summary } from './lib/stats';

const PLAYS = Number(process.argv[2] ?? 20);
const ADMIN = { email: 'bench@example.org', password: 'bench password' };
const LISTENER = { email: 'listener@example.org', password: 'listener password', displayName: 'Listener' };

buildIfNeeded();
const server = await startServer({ env: { MIST_ADMIN_EMAIL: ADMIN.email, MIST_ADMIN_PASSWORD: ADMIN.password } });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-ttfa-'));
let browser: Browser | undefined;
let baseline: Awaited<ReturnType<typeof startStaticHls>> | undefined;
try {
  const admin = new Client(server.url);
  if ((await admin.signIn(ADMIN.email, ADMIN.password)).error) throw new Error('the admin could not sign in');
  const signup = await new Client(server.url).request('/api/signup', { method: 'POST', json: LISTENER });
  if (signup.status !== 201) throw new Error(`sign-up: HTTP ${signup.status}`);
  let t = performance.now();
  // One more than measured: the first play of a page (code paths warming up) is not counted.
  const tracks = await seedTracks(admin, work, PLAYS + 1);
  console.log(`seeded ${tracks.length} tracks (20-30 s) through upload and ingest in ${((performance.now() - t) / 1000).toFixed(0)} s`);

  // The baseline plays a measured track's files, with its key as a player gets it.
  const sample = tracks[1]!;
  await admin.request('/api/listening/sessions', { method: 'POST', json: { trackId: sample.id } });
  const key = Buffer.from(await (await admin.request(`/api/tracks/${sample.id}/key`)).arrayBuffer());
  if (key.length !== 16) throw new Error('no key for the baseline');
  const hlsJs = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');
  baseline = await startStaticHls(path.join(server.dataDir, 'media', 'tracks', sample.id, 'v1'), key, hlsJs);

  browser = await launchBrowser();
  const mistPage = await (await browser.newContext()).newPage();
  await signInPage(mistPage, server.url, LISTENER.email, LISTENER.password);
  await mistPage.goto(`${server.url}/`);
  const mistCdp = await instrument(mistPage);
  const basePage = await (await browser.newContext()).newPage();
  await basePage.goto(baseline.url);
  const baseCdp = await instrument(basePage);

  const results: { label: string; mist: Play[]; base: Play[] }[] = [];
  for (const emulated of [false, true]) {
    await setNetwork(mistCdp, emulated);
    await setNetwork(baseCdp, emulated);
    await timePlay(mistPage, mistCdp, `Play ${tracks[0]!.title}`);
    await timePlay(basePage, baseCdp, 'Play');
    const mist: Play[] = [];
    const base: Play[] = [];
    for (const track of tracks.slice(1)) {
      mist.push(await timePlay(mistPage, mistCdp, `Play ${track.title}`));
      base.push(await timePlay(basePage, baseCdp, 'Play'));
    }
    results.push({ label: emulated ? 'emulated 40 ms / 10 Mbps' : 'loopback', mist, base });
  }

  console.log(`\ntime to first audio, ${PLAYS} plays of ${PLAYS} different tracks each, Chromium headless, ${os.cpus().length} cores`);
  for (const { label, mist, base } of results) {
    const m = summary(mist.map((p) => p.ms));
    const b = summary(base.map((p) => p.ms));
    const target = label === 'loopback' ? 120 : 265;
    console.log(`  ${label}:`);
    console.log(`    MIST                         median ${ms(m.p50)}, p90 ${ms(m.p90)}, max ${ms(m.max)}  (target <= ${target} ms: ${m.p50 <= target ? 'met' : 'NOT met'})`);
    console.log(`    default hls.js, static files median ${ms(b.p50)}, p90 ${ms(b.p90)}, max ${ms(b.max)}  (MIST/baseline ${(m.p50 / b.p50).toFixed(2)})`);
    const median = (plays: Play[]) => [...plays].sort((x, y) => x.ms - y.ms)[Math.floor((plays.length - 1) / 2)]!;
    console.log(`    requests of MIST's median play, ms after the click:\n      ${median(mist).timeline.join('\n      ')}`);
    console.log(`    requests of the baseline's median play:\n      ${median(base).timeline.join('\n      ')}`);
  }
} finally {
  await browser?.close();
  await baseline?.close();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}
