// Feature extraction worker: one process per track, started by index.ts with
// `process.execPath worker.mjs '{"file": ..., "ffmpeg": ...}'` (or the JSON job on stdin).
// Plain JavaScript because the standalone build has no tsx.
//
// Why a process: essentia.js installs handlers that abort the process on any unhandled
// rejection, and its WASM heap never shrinks (RSS keeps its high-water mark), so each track
// gets a fresh process that exits when done.
//
// Output: exactly one JSON line on stdout, `{ ok: true, raw, embedding, extractorVersion,
// framesAnalysed, seconds, elapsedMs, peakRssBytes }` (exit 0) or `{ ok: false, error, code? }`
// (exit 1; `code` is a MediaErrorCode for expected failures). Anything essentia prints goes
// to stderr.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { estimateBpm, estimateModulation, analyseFrame, FRAME_SIZE, HOP_SIZE, SAMPLE_RATE, summarise } from './analyse.mjs';
import { mediaFailure, probe, startDecode } from './decode.mjs';
import { EXTRACTOR_VERSION, toEmbedding } from './embedding.mjs';
import { FrameSampler, FrameSlicer, TempoExcerpt } from './sampling.mjs';

/** About 2000 frames of 93 ms, evenly spread, describe a track; beyond that only time grows. */
const DEFAULT_MAX_FRAMES = 2000;
/** Tempo and amplitude modulation come from this much audio around the middle of the track. */
const TEMPO_EXCERPT_SECONDS = 60;

const started = performance.now();

// Before essentia loads: its print functions bind to console.log, which must not reach the
// stdout protocol.
console.log = console.info = console.warn;

main().then(
  (result) => finish(0, { ok: true, ...result }),
  (error) => finish(1, { ok: false, error: describe(error), code: error?.code }),
);

async function main() {
  const job = parseJob(process.argv[2] ?? (await readStdin()));
  if (!existsSync(job.file)) throw new Error(`The file ${job.file} does not exist.`);
  const { durationSeconds } = await probe(job.ffmpeg, job.file);
  const expected = durationSeconds === null ? null : Math.min(durationSeconds, job.maxSeconds ?? Infinity);
  const essentia = loadEssentia();
  const sampling = { expectedSeconds: expected, sampleRate: SAMPLE_RATE };
  const sampler = new FrameSampler({ ...sampling, maxFrames: job.maxFrames ?? DEFAULT_MAX_FRAMES, frameSize: FRAME_SIZE, hop: HOP_SIZE });
  const tempo = new TempoExcerpt({ ...sampling, seconds: TEMPO_EXCERPT_SECONDS });
  const slicer = new FrameSlicer({
    frameSize: FRAME_SIZE,
    hop: HOP_SIZE,
    wanted: (index) => sampler.wants(index),
    onFrame: (_index, frame, previous) => sampler.add(analyseFrame(essentia, frame, previous)),
  });

  const decode = startDecode(job.ffmpeg, job.file, { sampleRate: SAMPLE_RATE, maxSeconds: job.maxSeconds });
  try {
    for await (const chunk of decode.stdout) {
      const at = slicer.totalSamples;
      tempo.take(slicer.push(chunk), at);
    }
    await decode.done;
  } finally {
    decode.kill();
  }
  if (slicer.totalSamples === 0) throw mediaFailure('empty', 'The file contains no audio samples.');
  if (sampler.records.length === 0) {
    // Shorter than one frame: analyse what there is, zero-padded.
    const frame = new Float32Array(FRAME_SIZE);
    frame.set(slicer.buffer.subarray(0, Math.min(slicer.length, FRAME_SIZE)));
    sampler.add(analyseFrame(essentia, frame, null));
  }

  const seconds = slicer.totalSamples / SAMPLE_RATE;
  const excerpt = tempo.samples();
  const modulation = estimateModulation(excerpt);
  const raw = {
    ...summarise(sampler.records),
    bpm: round(estimateBpm(essentia, excerpt), 2),
    modulationRate: round(modulation.rate, 3),
    modulationDepth: round(modulation.depth, 4),
    durationAnalysedSeconds: round(seconds, 3),
  };
  return {
    raw,
    embedding: toEmbedding(raw),
    extractorVersion: EXTRACTOR_VERSION,
    framesAnalysed: sampler.records.length,
    seconds: round(seconds, 3),
    elapsedMs: Math.round(performance.now() - started),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function parseJob(text) {
  let job;
  try {
    job = JSON.parse(text);
  } catch {
    throw new Error('The job is not valid JSON.');
  }
  if (typeof job?.file !== 'string' || job.file === '') throw new Error('The job has no "file".');
  if (typeof job.ffmpeg !== 'string' || job.ffmpeg === '') throw new Error('The job has no "ffmpeg" path.');
  for (const key of ['maxSeconds', 'maxFrames']) {
    if (job[key] !== undefined && !(Number.isFinite(job[key]) && job[key] > 0)) throw new Error(`"${key}" must be a positive number.`);
  }
  return job;
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

function loadEssentia() {
  const require = createRequire(import.meta.url);
  const { Essentia, EssentiaWASM } = require('essentia.js');
  return new Essentia(EssentiaWASM);
}

function describe(error) {
  if (error instanceof Error) return error.message;
  // essentia.js throws C++ exceptions as bare numbers (a pointer into the WASM heap).
  if (typeof error === 'number') return `the audio analysis library (essentia) failed on this file (exception ${error}).`;
  return String(error);
}

function round(value, digits) {
  return value === null ? null : Number(value.toFixed(digits));
}

function finish(code, message) {
  process.exitCode = code;
  process.stdout.write(`${JSON.stringify(message)}\n`, () => process.exit(code));
}
