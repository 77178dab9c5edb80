import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatDuration, MediaError, type MediaErrorCode } from '../errors';
import { EMBEDDING_DIMENSIONS, type FeatureSet } from './embedding.mjs';

export type { FeatureSet } from './embedding.mjs';
export { EMBEDDING_DIMENSIONS, EMBEDDING_LAYOUT, EXTRACTOR_VERSION, similarity, toEmbedding } from './embedding.mjs';

export type FeatureExtraction = {
  raw: FeatureSet;
  /** EMBEDDING_DIMENSIONS numbers, unit length: compare with cosine distance. */
  embedding: number[];
  extractorVersion: number;
  framesAnalysed: number;
  /** Seconds of audio decoded. */
  seconds: number;
  elapsedMs: number;
  /** The worker's peak resident memory. */
  peakRssBytes: number;
};

export type FeatureExtractionOptions = {
  file: string;
  ffmpegPath: string;
  /** The worker is killed after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Default: lib/media/features/worker.mjs under the working directory. */
  workerPath?: string;
  /** Analyse only the first this many seconds. */
  maxSeconds?: number;
};

/** The worker's expected failures; anything else (a crash, a timeout) is a plain Error. */
const MEDIA_ERROR_CODES = ['not_audio', 'empty', 'corrupt', 'tool_missing'] as const satisfies readonly MediaErrorCode[];

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const OUTPUT_LIMIT = 1024 * 1024;
const STDERR_LIMIT = 8 * 1024;

const numbers = (length: number) => z.array(z.number()).length(length);
const featureSetSchema = z.object({
  mfccMean: numbers(13),
  mfccStd: numbers(13),
  chroma: numbers(12),
  spectralCentroidMean: z.number(),
  spectralCentroidStd: z.number(),
  zcrMean: z.number(),
  zcrStd: z.number(),
  rolloffMean: z.number(),
  fluxMean: z.number(),
  rmsMean: z.number(),
  rmsStd: z.number(),
  bpm: z.number().nullable(),
  flatnessMean: z.number(),
  chromaShape: numbers(6),
  pitchConfidenceMean: z.number(),
  pitchedFraction: z.number(),
  tristimulus: z.array(z.number().nullable()).length(3),
  evenHarmonicShare: z.number().nullable(),
  harmonicCentroid: z.number().nullable(),
  envelopeModulationMean: z.number(),
  modulationRate: z.number().nullable(),
  modulationDepth: z.number(),
  durationAnalysedSeconds: z.number(),
}) satisfies z.ZodType<FeatureSet>;

const workerOutputSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    raw: featureSetSchema,
    embedding: numbers(EMBEDDING_DIMENSIONS),
    extractorVersion: z.number().int(),
    framesAnalysed: z.number().int().positive(),
    seconds: z.number(),
    elapsedMs: z.number(),
    peakRssBytes: z.number(),
  }),
  z.object({ ok: z.literal(false), error: z.string(), code: z.string().optional() }),
]);

/**
 * Measures a track's audio features and similarity embedding in a fresh worker process
 * (essentia.js aborts its process on any unhandled rejection and never gives memory back,
 * so each track gets its own). Rejects with a MediaError when the file cannot be analysed
 * (`not_audio`, `empty`, `corrupt`, `tool_missing`), else with a plain Error (timeout, crash);
 * either way with a message a person can read.
 */
export function extractFeatures(options: FeatureExtractionOptions): Promise<FeatureExtraction> {
  const workerPath = options.workerPath ?? path.join(process.cwd(), 'lib/media/features/worker.mjs');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const name = path.basename(options.file);
  // turbopackIgnore: a run-time path (traced by hand in next.config.ts), or the build copies the whole project.
  if (!fs.existsSync(/* turbopackIgnore: true */ workerPath)) {
    return Promise.reject(new Error(`The audio feature worker is missing at ${workerPath}; the build must include lib/media/features/*.mjs.`));
  }
  const job = JSON.stringify({ file: options.file, ffmpeg: options.ffmpegPath, maxSeconds: options.maxSeconds });
  // The worker gets no secrets and none of the app's NODE_OPTIONS (inspector ports, loaders):
  // only what it needs to run ffmpeg.
  const env = { NODE_ENV: 'production' as const, PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  const child = spawn(process.execPath, [workerPath, job], { stdio: ['ignore', 'pipe', 'pipe'], env });

  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The audio feature worker could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        return reject(new Error(`Analysing "${name}" took longer than ${timeoutMs < 1000 ? `${timeoutMs} ms` : formatDuration(timeoutMs)} and was stopped.`));
      }
      const output = parseOutput(stdout);
      if (output?.ok) {
        const { ok: _ok, ...result } = output;
        return resolve(result);
      }
      if (output) return reject(workerFailure(name, output.error, output.code));
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const detail = stderr.trim().split('\n').slice(-3).join(' / ');
      reject(new Error(`The audio feature worker ${how} while analysing "${name}"${detail ? `: ${detail}` : '.'}`));
    });
  });
}

function workerFailure(name: string, error: string, code: string | undefined): Error {
  const message = `Could not analyse the audio of "${name}": ${error}`;
  const known = MEDIA_ERROR_CODES.find((c) => c === code);
  return known ? new MediaError(known, message) : new Error(message);
}

/** The worker's one JSON line (the last line that parses and fits the protocol). */
function parseOutput(stdout: string) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const parsed = workerOutputSchema.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: something else printed to stdout. Keep looking.
    }
  }
  return null;
}
