import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MediaError } from './errors';

export type MediaTools = { ffmpeg: string; ffprobe: string };
export type MediaToolOptions = { ffmpegPath?: string; ffprobePath?: string };

const MISSING_FFMPEG = 'ffmpeg was not found: install it (Debian: apt-get install ffmpeg) or set FFMPEG_PATH.';
const MISSING_FFPROBE = 'ffprobe was not found: install it (Debian: apt-get install ffmpeg) or set FFPROBE_PATH.';

// Only successes are cached: an admin who installs ffmpeg after a failure should not need a restart.
const cache = new Map<string, MediaTools>();

/**
 * Finds ffmpeg and ffprobe. Paths given by the caller (from env) win and must work; then
 * `ffmpeg-static` if its binary really exists (its postinstall download can fail silently,
 * and it ships no ffprobe); then whatever is on PATH.
 */
export function resolveMediaTools(options: MediaToolOptions = {}): MediaTools {
  const key = `${options.ffmpegPath ?? ''}\0${options.ffprobePath ?? ''}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const ffmpeg = options.ffmpegPath ?? staticFfmpeg() ?? 'ffmpeg';
  if (!runs(ffmpeg)) {
    throw new MediaError('tool_missing', options.ffmpegPath ? `FFMPEG_PATH (${options.ffmpegPath}) does not run ffmpeg.` : MISSING_FFMPEG);
  }
  const ffprobe = options.ffprobePath ?? siblingProbe(options.ffmpegPath) ?? 'ffprobe';
  if (!runs(ffprobe)) {
    throw new MediaError('tool_missing', options.ffprobePath ? `FFPROBE_PATH (${options.ffprobePath}) does not run ffprobe.` : MISSING_FFPROBE);
  }
  const tools = { ffmpeg, ffprobe };
  cache.set(key, tools);
  return tools;
}

function runs(bin: string): boolean {
  const result = spawnSync(bin, ['-version'], { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

function staticFfmpeg(): string | undefined {
  try {
    // Optional dependency, usually absent: a static import would fail the whole module.
    const found: unknown = createRequire(import.meta.url)('ffmpeg-static');
    return typeof found === 'string' && existsSync(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

// An ffmpeg set by path usually has its ffprobe beside it (/opt/ffmpeg/bin/{ffmpeg,ffprobe}).
function siblingProbe(ffmpegPath: string | undefined): string | undefined {
  if (!ffmpegPath || !path.isAbsolute(ffmpegPath)) return undefined;
  const candidate = path.join(path.dirname(ffmpegPath), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
  return existsSync(candidate) ? candidate : undefined;
}

export type RunToolOptions = {
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** 'buffer' for binary output (decoded PCM); text otherwise. */
  stdout?: 'text' | 'buffer';
};

const STDERR_TAIL_LINES = 20;
const STDERR_KEEP_CHARS = 1 << 20;

/**
 * Runs ffmpeg or ffprobe without a shell. A non-zero exit rejects with a MediaError whose
 * message keeps the last lines of stderr (the useful ones). Keys never appear on a
 * command line here, so stderr cannot leak them: the key travels in a key info file.
 */
export function runTool(bin: string, args: string[], options: RunToolOptions & { stdout: 'buffer' }): Promise<{ stdout: Buffer; stderr: string }>;
export function runTool(bin: string, args: string[], options?: RunToolOptions): Promise<{ stdout: string; stderr: string }>;
export function runTool(bin: string, args: string[], options: RunToolOptions = {}): Promise<{ stdout: Buffer | string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    const out: Buffer[] = [];
    let stderr = '';
    const stdoutLines = lineSplitter(options.onStdoutLine);
    const stderrLines = lineSplitter(options.onStderrLine);

    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      stdoutLines.push(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      // A long decode can print a warning per frame: keep the tail, never grow without bound.
      stderr = (stderr + text).slice(-STDERR_KEEP_CHARS);
      stderrLines.push(text);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return reject(options.signal?.reason ?? error);
      if (error.code === 'ENOENT') return reject(new MediaError('tool_missing', `${path.basename(bin)} was not found (${bin}).`));
      reject(error);
    });
    child.on('close', (code, signal) => {
      stdoutLines.end();
      stderrLines.end();
      if (options.signal?.aborted) return reject(options.signal.reason);
      if (code === 0) {
        const buffer = Buffer.concat(out);
        return resolve({ stdout: options.stdout === 'buffer' ? buffer : buffer.toString('utf8'), stderr });
      }
      const tail = stderrTail(stderr);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      reject(new MediaError('encode_failed', `${path.basename(bin)} ${how}${tail ? `:\n${tail}` : '.'}`));
    });
  });
}

/** The last lines of a tool's stderr, for error messages and logs. */
export function stderrTail(stderr: string, lines = STDERR_TAIL_LINES): string {
  return stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trimEnd())
    .filter(Boolean)
    .slice(-lines)
    .join('\n');
}

// ffmpeg ends progress lines with \n and stats lines with \r: both end a line.
function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let pending = '';
  return {
    push(text: string) {
      if (!onLine) return;
      pending += text;
      const parts = pending.split(/\r?\n|\r/);
      pending = parts.pop() ?? '';
      for (const line of parts) if (line) onLine(line);
    },
    end() {
      if (onLine && pending) onLine(pending);
      pending = '';
    },
  };
}
