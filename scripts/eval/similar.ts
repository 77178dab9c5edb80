// npm run eval:similar -- [--seconds 12] [--keep]
// How good "similar tracks" is, offline: makes a labelled corpus with ffmpeg (7 synthetic timbre
// families x 8 members at different pitches or rates, each family spread over 4 "artists" that
// also appear in every other family), ingests it through the real pipeline (uploads, the app's
// Inngest functions on the embedded driver, essentia.js features, PGlite), then prints
// precision@5: the fraction of a track's 5 nearest that are in its family,
//   (1) as listeners get them: findSimilarTracks (HNSW, duplicates out, artist cap), and
//   (2) by the embedding alone with every track of the same artist left out,
// overall and per family, for the built-in standardisation and for one refitted from this
// catalog's own statistics (median and IQR/1.35 per dimension). Target >= 0.9.
// It also re-encodes one track as MP3 under another title: the same audio must be recognised
// as a duplicate (cosine distance under DUPLICATE_DISTANCE) and never offered as similar.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { artists, trackFeatures, tracks } from '@/db/schema';
import { type FeatureSet, similarity, toEmbedding } from '@/lib/media/features';
import { resolveMediaTools, runTool } from '@/lib/media/tools';
import { DUPLICATE_DISTANCE, findSimilarTracks } from '@/lib/recommend/similar';
import { startInProcessPipeline } from '../lib/in-process-pipeline';
import { refitStandardisation, toEmbeddingWith } from './standardisation';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '12' }, keep: { type: 'boolean', default: false } } });
const SECONDS = Number(values.seconds);
const MEMBERS = 8;
const ARTISTS = ['Ada Tone', 'Basil Wave', 'Cleo Hum', 'Dmitri Buzz'];

/** Each family: an ffmpeg source for member k (0..7); members differ in pitch or rate. */
const pitch = (k: number) => 110 * 2 ** ((k * 5) / 12); // 110 Hz up by fourths: 110..~1000 Hz
const FAMILIES: Record<string, (k: number) => string[]> = {
  sine: (k) => ['-f', 'lavfi', '-i', `sine=frequency=${pitch(k)}:sample_rate=44100:duration=${SECONDS}`],
  square: (k) => aeval(`0.25*sgn(sin(2*PI*${pitch(k)}*t))`),
  saw: (k) => aeval(`0.3*(2*(t*${pitch(k)}-floor(0.5+t*${pitch(k)})))`),
  'low noise band': (k) => noise(`bandpass=f=${150 + k * 40}:width_type=q:w=2`),
  'high noise band': (k) => noise(`highpass=f=${4000 + k * 400},lowpass=f=${7000 + k * 400}`),
  tremolo: (k) => aeval(`0.4*sin(2*PI*${pitch(k) * 2}*t)*(0.5+0.5*sin(2*PI*${5 + k}*t))`),
  'major chord': (k) => aeval(`0.15*sin(2*PI*${pitch(k)}*t)+0.15*sin(2*PI*${pitch(k) * 1.26}*t)+0.15*sin(2*PI*${pitch(k) * 1.498}*t)`),
};
function aeval(expr: string): string[] {
  return ['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=44100:d=${SECONDS}`];
}
function noise(filter: string): string[] {
  return ['-f', 'lavfi', '-i', `anoisesrc=d=${SECONDS}:a=0.5:r=44100:seed=11`, '-af', filter];
}

type Item = { family: string; artist: string; title: string; file: string; id?: string };

const tools = resolveMediaTools();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-eval-similar-'));
const started = performance.now();
const corpus: Item[] = [];
for (const [family, source] of Object.entries(FAMILIES)) {
  for (let k = 0; k < MEMBERS; k++) {
    const artist = ARTISTS[k % ARTISTS.length]!;
    const title = `${family} ${k + 1}`;
    const file = path.join(work, `${family.replace(/ /g, '-')}-${k + 1}.flac`);
    await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', ...source(k), '-ac', '2', '-metadata', `title=${title}`, '-metadata', `artist=${artist}`, '-metadata', `album=${family}`, file]);
    corpus.push({ family, artist, title, file });
  }
}
// The same audio as "sine 4", as an MP3 under another title and artist.
const copy: Item = { family: 'copy', artist: 'Someone Else', title: 'Not A Sine', file: path.join(work, 'copy.mp3') };
await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', corpus[3]!.file, '-c:a', 'libmp3lame', '-b:a', '192k', '-metadata', `title=${copy.title}`, '-metadata', `artist=${copy.artist}`, copy.file]);

// The real pipeline, in this process: PGlite on disk, local storage, the embedded driver.
const { handle, driver, receive, complete } = await startInProcessPipeline(work);
for (const item of [...corpus, copy]) {
  item.id = await receive(item.file);
  await complete(item.id);
}
for (;;) {
  const rows = await handle.db.select({ status: tracks.status, error: tracks.error, title: tracks.title }).from(tracks);
  const failed = rows.find((r) => r.status === 'failed');
  if (failed) throw new Error(`${failed.title} failed: ${failed.error}`);
  if (rows.every((r) => r.status === 'ready')) break;
  await new Promise((r) => setTimeout(r, 500));
}
const ingested = performance.now();
await driver.stop();

// Everything below reads what the pipeline stored.
const stored = await handle.db.select({ id: tracks.id, artist: artists.name, raw: trackFeatures.raw, embedding: trackFeatures.embedding }).from(trackFeatures).innerJoin(tracks, eq(tracks.id, trackFeatures.trackId)).leftJoin(artists, eq(artists.id, tracks.artistId));
const byId = new Map(stored.map((s) => [s.id, s]));
// The copy is the same audio as sine 4: offered to another sine, it is a sine.
const familyOf = new Map([...corpus.map((c) => [c.id!, c.family] as const), [copy.id!, corpus[3]!.family]]);
const labelled = corpus.map((c) => ({ ...c, ...byId.get(c.id!)! }));

type Scores = { overall: number; perFamily: Map<string, number> };
function precision(hits: (item: (typeof labelled)[number]) => string[]): Scores {
  const perFamily = new Map<string, number[]>();
  for (const item of labelled) {
    const got = hits(item).slice(0, 5);
    const p = got.filter((id) => familyOf.get(id) === item.family).length / 5;
    perFamily.set(item.family, [...(perFamily.get(item.family) ?? []), p]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { overall: mean([...perFamily.values()].flat()), perFamily: new Map([...perFamily].map(([f, ps]) => [f, mean(ps)])) };
}

/** The 5 nearest by an embedding, exact, leaving out the track itself, the copy and its artist's tracks. */
function nearestOtherArtists(embed: (raw: FeatureSet) => number[]) {
  const vectors = new Map(labelled.map((l) => [l.id!, embed(l.raw as unknown as FeatureSet)]));
  return (item: (typeof labelled)[number]) =>
    labelled
      .filter((o) => o.id !== item.id && o.artist !== item.artist)
      .map((o) => ({ id: o.id!, s: similarity(vectors.get(item.id!)!, vectors.get(o.id!)!) }))
      .sort((a, b) => b.s - a.s)
      .map((o) => o.id);
}

const listeners = new Map<string, string[]>();
for (const item of labelled) listeners.set(item.id!, (await findSimilarTracks(handle.db, item.id!, { limit: 5 }))!.map((t) => t.id));
const served = precision((item) => listeners.get(item.id!)!);
const reference = precision(nearestOtherArtists(toEmbedding));
const stats = refitStandardisation(labelled.map((l) => l.raw as unknown as FeatureSet));
const refit = precision(nearestOtherArtists((raw) => toEmbeddingWith(raw, stats)));

// Duplicates: the copy's distance to its original, and the closest two distinct tracks.
const original = byId.get(corpus[3]!.id!)!;
const copied = byId.get(copy.id!)!;
const copyDistance = 1 - similarity(original.embedding, copied.embedding);
let closest = { distance: Infinity, pair: '' };
for (const a of labelled) {
  for (const b of labelled) {
    const distance = 1 - similarity(a.embedding, b.embedding);
    if (a.id! < b.id! && distance < closest.distance) closest = { distance, pair: `${a.title} / ${b.title}` };
  }
}
const offered = (await findSimilarTracks(handle.db, original.id, { limit: 50 }))!.some((t) => t.id === copy.id);

const f = (n: number) => n.toFixed(3);
console.log(`eval:similar: ${labelled.length} tracks (${Object.keys(FAMILIES).length} families x ${MEMBERS}, ${ARTISTS.length} artists, ${SECONDS} s each), made and ingested in ${((ingested - started) / 1000).toFixed(0)} s`);
console.log(`precision@5 (target >= 0.9)        as served   other artists only   other artists, refitted standardisation`);
console.log(`  overall                           ${f(served.overall)}       ${f(reference.overall)}                ${f(refit.overall)}`);
for (const family of Object.keys(FAMILIES)) {
  console.log(`  ${family.padEnd(32)}  ${f(served.perFamily.get(family)!)}       ${f(reference.perFamily.get(family)!)}                ${f(refit.perFamily.get(family)!)}`);
}
console.log(`same audio as MP3: cosine distance ${copyDistance.toExponential(1)} (duplicate below ${DUPLICATE_DISTANCE}); ${offered ? 'OFFERED as similar (wrong)' : 'never offered as similar'}`);
console.log(`closest two distinct tracks: cosine distance ${closest.distance.toExponential(1)} (${closest.pair})`);

await handle.close();
if (values.keep) console.log(`kept ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
process.exit(0);
