// npm run bench:ingest — a 4-minute stereo 44.1 kHz FLAC, in one run:
//   (a) bare ffmpeg making the three encrypted variants in one process (the baseline),
//   (b) MIST from `complete` to `ready` (probe, encode ∥ features, tags, loudness, publish),
//   (c) MIST from `complete` to features stored,
// with the ratios b/a and c/a, and the app process's peak RSS while ingesting.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { trackFeatures, tracks } from '@/db/schema';
import { buildHlsArgs } from '@/lib/media/hls';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { startInProcessPipeline } from '../lib/in-process-pipeline';

const SECONDS = Number(process.argv[2] ?? 240);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-ingest-'));
const tools = resolveMediaTools();
const source = path.join(work, 'track.flac');
// Music-like content: a chord with a slow tremolo and some noise, so the encoder has work to do.
await runTool(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', `aevalsrc='0.2*sin(2*PI*220*t)*(1+0.3*sin(2*PI*0.5*t))+0.15*sin(2*PI*277*t)+0.1*sin(2*PI*330*t)|0.2*sin(2*PI*220*t)+0.15*sin(2*PI*330*t)+0.1*sin(2*PI*440*t)':s=44100:d=${SECONDS}`, '-f', 'lavfi', '-i', `anoisesrc=a=0.02:d=${SECONDS}:r=44100`, '-filter_complex', '[0][1]amix=inputs=2:normalize=0', '-ac', '2', '-c:a', 'flac', source]);

// (a) bare ffmpeg
const bareOut = path.join(work, 'bare');
fs.mkdirSync(bareOut);
fs.writeFileSync(path.join(work, 'k.key'), randomBytes(16));
fs.writeFileSync(path.join(work, 'k.info'), `/key\n${path.join(work, 'k.key')}\n${randomBytes(16).toString('hex')}\n`);
let t = performance.now();
await runTool(tools.ffmpeg, buildHlsArgs({ input: source, outDir: bareOut, keyInfoFile: path.join(work, 'k.info'), segmentSeconds: 6 }));
const bare = performance.now() - t;

// MIST, in this process: PGlite on disk, local storage, the app's functions and embedded driver.
const { handle, driver, receive, complete } = await startInProcessPipeline(work);
const trackId = await receive(source);

const idleRss = process.memoryUsage().rss;
let peakRss = idleRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
t = performance.now();
await complete(trackId);
let featuresAt = 0;
let readyAt = 0;
while (!readyAt) {
  const [row] = await handle.db.select({ status: tracks.status, error: tracks.error }).from(tracks).where(eq(tracks.id, trackId));
  if (row?.status === 'failed') throw new Error(`ingest failed: ${row.error}`);
  if (!featuresAt && (await handle.db.select({ id: trackFeatures.trackId }).from(trackFeatures).where(eq(trackFeatures.trackId, trackId))).length) featuresAt = performance.now() - t;
  if (row?.status === 'ready') readyAt = performance.now() - t;
  else await new Promise((r) => setTimeout(r, 50));
}
clearInterval(sampler);
await driver.stop();
await handle.close();
fs.rmSync(work, { recursive: true, force: true });

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`ingest of a ${SECONDS / 60}-minute stereo 44.1 kHz FLAC on ${os.cpus().length} cores (Node ${process.versions.node})`);
console.log(`  (a) bare ffmpeg, three encrypted variants:  ${s(bare)}  (${(SECONDS / (bare / 1000)).toFixed(0)}x realtime)`);
console.log(`  (b) MIST, complete -> ready:                ${s(readyAt)}  b/a = ${(readyAt / bare).toFixed(2)}  (target <= 1.25)`);
console.log(`  (c) MIST, complete -> features stored:      ${s(featuresAt)}  c/a = ${(featuresAt / bare).toFixed(2)}  (target <= 1.6)`);
console.log(`  app process peak RSS during ingest:         ${(peakRss / 1024 / 1024).toFixed(0)} MB (idle before: ${(idleRss / 1024 / 1024).toFixed(0)} MB; target <= 600 MB; ffmpeg and the feature worker are separate processes)`);
