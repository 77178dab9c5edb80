import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../errors';
import { makeTempDir, makeTestAudio, removeTempDirs } from '../test-audio';
import { resolveMediaTools, runTool } from '../tools';
import { EMBEDDING_DIMENSIONS, EMBEDDING_LAYOUT, EXTRACTOR_VERSION, extractFeatures, similarity, type FeatureExtraction } from './index';
import { FrameSampler, FrameSlicer, TempoExcerpt } from './sampling.mjs';

// Real ffmpeg, real essentia.js, one worker process per extraction (1-4 s each).
const workerPath = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const SLOW = 120_000;

let ffmpeg: string;
let dir: string;
const extract = (file: string, options: { timeoutMs?: number; workerPath?: string } = {}) =>
  extractFeatures({ file, ffmpegPath: ffmpeg, workerPath, ...options });

async function tone(name: string, source: string): Promise<string> {
  const file = path.join(dir, name);
  await runTool(ffmpeg, ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', source, file]);
  return file;
}

const argmax = (values: number[]) => values.indexOf(Math.max(...values));

let sine: FeatureExtraction;
let noise: FeatureExtraction;
beforeAll(async () => {
  ffmpeg = resolveMediaTools().ffmpeg;
  dir = await makeTempDir('mist-features-test-');
  // Two at a time: the machine has two cores.
  [sine, noise] = await Promise.all([extract(await makeTestAudio(dir, 'sine', 30)), extract(await makeTestAudio(dir, 'noise', 30))]);
}, SLOW);
afterAll(removeTempDirs);

describe('extractFeatures on known signals', () => {
  it('measures a 440 Hz sine: centroid 440 Hz, 2f/sr zero crossings, chroma peak on A', () => {
    const decodeRate = 22050;
    expect(sine.raw.spectralCentroidMean).toBeGreaterThan(435);
    expect(sine.raw.spectralCentroidMean).toBeLessThan(445);
    expect(sine.raw.zcrMean / ((2 * 440) / decodeRate)).toBeCloseTo(1, 1);
    expect(Math.abs(sine.raw.zcrMean / ((2 * 440) / decodeRate) - 1)).toBeLessThan(0.05);
    expect(argmax(sine.raw.chroma)).toBe(0);
    expect(sine.raw.durationAnalysedSeconds).toBeCloseTo(30, 1);
    expect(sine.framesAnalysed).toBeGreaterThan(600);
    expect(sine.extractorVersion).toBe(EXTRACTOR_VERSION);
  });

  it('finds a 1 kHz sine brighter than a 440 Hz one', async () => {
    const high = await extract(await tone('sine-1k.wav', 'sine=frequency=1000:duration=30'));
    expect(high.raw.spectralCentroidMean).toBeGreaterThan(sine.raw.spectralCentroidMean + 500);
    expect(Math.abs(high.raw.spectralCentroidMean - 1000)).toBeLessThan(10);
  }, SLOW);

  it('finds white noise flat and bright, a sine neither', () => {
    expect(noise.raw.flatnessMean).toBeGreaterThan(0.5);
    expect(sine.raw.flatnessMean).toBeLessThan(0.01);
    expect(noise.raw.spectralCentroidMean).toBeGreaterThan(4 * sine.raw.spectralCentroidMean);
    expect(noise.raw.rolloffMean).toBeGreaterThan(5000);
  });

  it('returns a unit-length embedding of 48 finite numbers in the documented layout', () => {
    for (const { embedding } of [sine, noise]) {
      expect(embedding).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(embedding.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 9);
    }
    expect(EMBEDDING_LAYOUT).toHaveLength(48);
    expect([EMBEDDING_LAYOUT[0], EMBEDDING_LAYOUT[11], EMBEDDING_LAYOUT[24], EMBEDDING_LAYOUT[32], EMBEDDING_LAYOUT[33], EMBEDDING_LAYOUT[40], EMBEDDING_LAYOUT[41], EMBEDDING_LAYOUT[42], EMBEDDING_LAYOUT[47]]).toEqual([
      'mfccMean[1]', 'mfccStd[0]', 'spectralCentroidMean', 'bpm', 'pitchConfidenceMean', 'envelopeModulationMean', 'modulationDepth', 'chromaShape[1]', 'chromaShape[6]',
    ]);
    // Left out of the embedding, kept in raw: the key (chroma bins), loudness (MFCC 0), the ZCR's spread.
    expect(EMBEDDING_LAYOUT.some((name) => name.startsWith('chroma['))).toBe(false);
    expect(EMBEDDING_LAYOUT).not.toContain('mfccMean[0]');
    expect(EMBEDDING_LAYOUT).not.toContain('zcrStd');
  });

  it('finds two renders of one sine alike, and a sine unlike noise', async () => {
    const mp3 = await extract(await makeTestAudio(dir, 'mp3', 30));
    const alike = similarity(sine.embedding, mp3.embedding);
    const unlike = similarity(sine.embedding, noise.embedding);
    expect(alike).toBeGreaterThan(0.99);
    expect(unlike).toBeLessThan(0.5);
  }, SLOW);

  it('analyses only the first maxSeconds when asked', async () => {
    const start = await extractFeatures({ file: await makeTestAudio(dir, 'noise', 30), ffmpegPath: ffmpeg, workerPath, maxSeconds: 5 });
    expect(start.seconds).toBeCloseTo(5, 1);
    expect(start.raw.bpm).toBeNull(); // under 10 s: too little for a tempo
  }, SLOW);

  it('describes digital silence with finite values instead of failing', async () => {
    const silence = await extract(await makeTestAudio(dir, 'silence', 10));
    expect(silence.raw.rmsMean).toBe(0);
    expect(silence.raw.bpm).toBeNull();
    expect(silence.raw.pitchedFraction).toBe(0);
    expect(silence.raw.tristimulus).toEqual([null, null, null]);
    expect(silence.embedding.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...silence.embedding)).toBeCloseTo(1, 9);
  }, SLOW);
});

describe('timbre that does not follow pitch', () => {
  // Waveforms from ffmpeg's expression source: harmonics of known amplitudes.
  const wave = (name: string, expr: string) => tone(`${name}.flac`, `aevalsrc='${expr}':s=44100:d=10`);
  const square = (f: number) => `0.25*sgn(sin(2*PI*${f}*t))`;
  const saw = (f: number) => `0.3*(2*(t*${f}-floor(0.5+t*${f})))`;
  let square220: FeatureExtraction;
  let square660: FeatureExtraction;
  let saw220: FeatureExtraction;
  let tremolo: FeatureExtraction;
  // A major triad in equal temperament on `root` Hz: root, major third, fifth.
  const chord = (root: number) => [0, 4, 7].map((step) => `0.15*sin(2*PI*${root * 2 ** (step / 12)}*t)`).join('+');
  let chordOnA: FeatureExtraction;
  let chordOnD: FeatureExtraction;
  beforeAll(async () => {
    [square220, saw220] = await Promise.all([extract(await wave('square-220', square(220))), extract(await wave('saw-220', saw(220)))]);
    [square660, tremolo] = await Promise.all([
      extract(await wave('square-660', square(660))),
      extract(await wave('tremolo', '0.4*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*6*t))')),
    ]);
    // A major on A3, and the same chord a fourth up: D major on D4.
    [chordOnA, chordOnD] = await Promise.all([extract(await wave('chord-a', chord(220))), extract(await wave('chord-d', chord(220 * 2 ** (5 / 12))))]);
  }, SLOW);

  it('finds one clear fundamental in a sine, with all its energy there', () => {
    expect(sine.raw.pitchConfidenceMean).toBeGreaterThan(0.9);
    expect(sine.raw.pitchedFraction).toBeGreaterThan(0.95);
    expect(sine.raw.tristimulus[0]).toBeGreaterThan(0.99);
    expect(sine.raw.harmonicCentroid).toBeCloseTo(1, 2);
    expect(sine.raw.evenHarmonicShare).toBeLessThan(0.001);
    // One pitch class: every chroma-shape coefficient is 1.
    for (const c of sine.raw.chromaShape) expect(c).toBeGreaterThan(0.95);
  });

  it('finds noise unpitched, with no harmonic shape', () => {
    expect(noise.raw.pitchConfidenceMean).toBeLessThan(0.5);
    expect(noise.raw.pitchedFraction).toBeLessThan(0.05);
  });

  it('measures the harmonics of a square wave (odd only, 1/n) and a sawtooth (all, 1/n)', () => {
    // First 8 harmonics by magnitude: square 1, 1/3, 1/5, 1/7 -> tristimulus 0.60, 0.20, 0.20;
    // sawtooth 1/n -> 0.37, 0.40, 0.23, and even harmonics hold 0.35 / 1.52 = 0.23 of the energy.
    expect(square220.raw.evenHarmonicShare).toBeLessThan(0.01);
    expect(square220.raw.tristimulus[0]).toBeCloseTo(0.6, 1);
    expect(square220.raw.tristimulus[1]).toBeCloseTo(0.2, 1);
    expect(saw220.raw.evenHarmonicShare).toBeCloseTo(0.23, 1);
    expect(saw220.raw.tristimulus[0]).toBeCloseTo(0.37, 1);
    expect(saw220.raw.harmonicCentroid!).toBeGreaterThan(square220.raw.harmonicCentroid!);
  });

  it('keeps a square wave three times higher nearer the square than a sawtooth at the same pitch', () => {
    expect(square660.raw.evenHarmonicShare).toBeLessThan(0.01);
    expect(square660.raw.tristimulus[0]).toBeCloseTo(square220.raw.tristimulus[0]!, 1);
    expect(similarity(square220.embedding, square660.embedding)).toBeGreaterThan(similarity(square220.embedding, saw220.embedding));
  });

  it('hears tremolo as amplitude modulation a steady tone lacks', () => {
    expect(sine.raw.envelopeModulationMean).toBeLessThan(0.05);
    expect(tremolo.raw.envelopeModulationMean).toBeGreaterThan(0.3);
    expect(similarity(tremolo.embedding, sine.embedding)).toBeLessThan(0.9);
  });

  it('finds the tremolo at its rate (6 Hz) and depth (the level falls to nothing), and none in a steady tone or noise', () => {
    expect(tremolo.raw.modulationRate).toBeCloseTo(6, 1);
    expect(tremolo.raw.modulationDepth).toBeGreaterThan(0.8);
    expect(sine.raw.modulationRate).toBeNull();
    expect(sine.raw.modulationDepth).toBe(0);
    expect(noise.raw.modulationRate).toBeNull();
  });

  it('reads a chord transposed up a fourth with the same chroma shape, though its pitch classes differ', () => {
    // Bins from A: A major has C# (bin 4), D major has not; both have A (bin 0).
    expect(chordOnA.raw.chroma[4]).toBeGreaterThan(0.5);
    expect(chordOnD.raw.chroma[4]).toBeLessThan(0.1);
    // The same within 0.05 per coefficient (HPCP weighs the three notes a little differently in each key)...
    for (let i = 0; i < 6; i++) expect(Math.abs(chordOnA.raw.chromaShape[i]! - chordOnD.raw.chromaShape[i]!)).toBeLessThan(0.05);
    // ...while one pitch class (the sine) reads all ones, far from a triad's shape.
    expect(Math.max(...sine.raw.chromaShape.map((c, i) => Math.abs(c - chordOnA.raw.chromaShape[i]!)))).toBeGreaterThan(0.5);
    // Three pitch classes a major third and a fifth apart: DFT coefficient 3 high, 1 low (a sine's are all 1).
    expect(chordOnA.raw.chromaShape[2]).toBeGreaterThan(0.5);
    expect(chordOnA.raw.chromaShape[0]).toBeLessThan(0.4);
  });
});

describe('extractFeatures on long and broken input', () => {
  it('keeps the worker small on a 10-minute track and analyses a bounded, spread-out sample', async () => {
    const long = await extract(await tone('ten-minutes.flac', 'sine=frequency=220:duration=600'));
    console.info(`10-minute track: ${long.framesAnalysed} frames in ${long.elapsedMs} ms, worker peak RSS ${Math.round(long.peakRssBytes / 2 ** 20)} MiB`);
    expect(long.seconds).toBeCloseTo(600, 0);
    expect(long.framesAnalysed).toBeLessThanOrEqual(2000);
    expect(long.framesAnalysed).toBeGreaterThan(1000);
    expect(long.peakRssBytes).toBeLessThan(300 * 2 ** 20);
  }, SLOW);

  it('decodes the whole track when the header states a wrong duration', async () => {
    // ffmpeg estimates this VBR MP3 (no Xing header) from its bitrate, far off the real 120 s.
    const result = await extract(await makeTestAudio(dir, 'mp3-vbr-no-header', 120));
    expect(result.seconds).toBeCloseTo(120, 0);
    expect(result.raw.bpm).not.toBeNull();
  }, SLOW);

  it('rejects a text file with a message a person can read', async () => {
    const error = await extract(await makeTestAudio(dir, 'text')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('not_audio');
    expect((error as MediaError).message).toMatch(/^Could not analyse the audio of "text-10s\.mp3": This is not audio that ffmpeg can read/);
  }, SLOW);

  it('rejects a missing file, a missing worker and a timeout plainly', async () => {
    await expect(extract(path.join(dir, 'nowhere.flac'))).rejects.toThrow(/does not exist/);
    await expect(extract(path.join(dir, 'x.flac'), { workerPath: path.join(dir, 'no-worker.mjs') })).rejects.toThrow(/worker is missing/);
    const file = await tone('sine-timeout.wav', 'sine=frequency=440:duration=5');
    await expect(extract(file, { timeoutMs: 50 })).rejects.toThrow(/took longer than 50 ms and was stopped/);
  }, SLOW);

  it('reports a worker crash with its exit and last stderr line', async () => {
    const crashing = path.join(dir, 'crash.mjs');
    await writeFile(crashing, "console.error('essentia aborted'); process.exit(7);\n");
    await expect(extract(path.join(dir, 'x.flac'), { workerPath: crashing })).rejects.toThrow(/exited with code 7 .*essentia aborted/);
  });
});

describe('frame sampling', () => {
  const floats = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

  it('cuts overlapping frames from chunks split mid-sample', () => {
    const seen: Array<[number, number[], number[] | null]> = [];
    const slicer = new FrameSlicer({
      frameSize: 4,
      hop: 2,
      wanted: () => true,
      onFrame: (i, frame, previous) => seen.push([i, [...frame], previous && [...previous]]),
    });
    const bytes = floats([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [from, to] of [[0, 3], [3, 17], [17, 18], [18, 40]]) slicer.push(bytes.slice(from, to));
    expect(slicer.totalSamples).toBe(10);
    expect(seen).toEqual([
      [0, [0, 1, 2, 3], null],
      [1, [2, 3, 4, 5], [0, 1, 2, 3]],
      [2, [4, 5, 6, 7], [2, 3, 4, 5]],
      [3, [6, 7, 8, 9], [4, 5, 6, 7]],
    ]);
  });

  it('keeps a bounded, evenly spaced selection when the duration is unknown', () => {
    const sampler = new FrameSampler<number>({ expectedSeconds: null, maxFrames: 100, sampleRate: 22050, frameSize: 2048, hop: 1024 });
    for (let i = 0; i < 10_000; i++) if (sampler.wants(i)) sampler.add(i);
    expect(sampler.records.length).toBeGreaterThanOrEqual(100);
    expect(sampler.records.length).toBeLessThan(200);
    const gaps = new Set(sampler.records.slice(1).map((v, i) => v - sampler.records[i]));
    expect([...gaps]).toEqual([sampler.stride]);
  });

  it('plans about maxFrames frames from a stated duration', () => {
    const sampler = new FrameSampler({ expectedSeconds: 240, maxFrames: 2000, sampleRate: 22050, frameSize: 2048, hop: 1024 });
    expect(sampler.stride).toBe(3);
  });

  it('takes the tempo excerpt from the middle, or the end when the stated duration was too long', () => {
    const feed = (excerpt: TempoExcerpt, total: number) => {
      for (let at = 0; at < total; at += 7) excerpt.take(Float32Array.from({ length: Math.min(7, total - at) }, (_, i) => at + i), at);
      return [...excerpt.samples()];
    };
    expect(feed(new TempoExcerpt({ expectedSeconds: 100, seconds: 10, sampleRate: 1 }), 100)).toEqual(Array.from({ length: 10 }, (_, i) => 45 + i));
    expect(feed(new TempoExcerpt({ expectedSeconds: 1000, seconds: 10, sampleRate: 1 }), 100)).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
    expect(feed(new TempoExcerpt({ expectedSeconds: null, seconds: 10, sampleRate: 1 }), 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
