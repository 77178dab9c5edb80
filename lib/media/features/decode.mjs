// ffmpeg for the feature worker: a quick look at the container, then a streamed decode to
// mono float samples. Plain JavaScript (see worker.mjs).
import { spawn } from 'node:child_process';

const STDERR_LIMIT = 16 * 1024;

/**
 * An expected failure: `code` is one of lib/media/errors.ts's MediaErrorCode values, and
 * index.ts turns it into a MediaError. The message is for the person who owns the file.
 */
export function mediaFailure(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads the container's stated duration without decoding (`ffmpeg -i FILE` with no output
 * prints the stream list and exits 1). Null duration when the container does not say.
 * Rejects with a readable message when ffmpeg cannot open the file or finds no audio.
 */
export async function probe(ffmpeg, file) {
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-nostdin', '-i', file]);
  if (!/Stream #\d+:\d+.*: Audio:/.test(stderr)) {
    const reason = lastLines(stderr, 1).replace(`${file}: `, '');
    throw mediaFailure('not_audio', /Stream #/.test(stderr) ? 'The file has no audio stream.' : `This is not audio that ffmpeg can read (ffmpeg says: ${reason || 'nothing'}).`);
  }
  const m = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  return { durationSeconds: m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null };
}

/**
 * Starts the decode of the first audio stream to mono 32-bit float at `sampleRate`, and
 * returns the process: read `stdout` as a stream, then await `done` (resolves on exit 0,
 * rejects with ffmpeg's last error lines otherwise).
 */
export function startDecode(ffmpeg, file, { sampleRate, maxSeconds }) {
  const limit = maxSeconds ? ['-t', String(maxSeconds)] : [];
  // -flush_packets 0: without it ffmpeg writes each decoded packet (~2 KB) to the pipe
  // separately, and reading 10x more chunks made a 2-hour decode 40 % slower.
  const args = ['-v', 'error', '-nostdin', '-i', file, ...limit, '-map', '0:a:0', '-ac', '1', '-ar', String(sampleRate), '-flush_packets', '0', '-f', 'f32le', 'pipe:1'];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const done = new Promise((resolve, reject) => {
    child.on('error', (error) => reject(spawnError(ffmpeg, error)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(mediaFailure('corrupt', `ffmpeg could not decode the audio (${lastLines(stderr, 2) || (signal ? `killed by ${signal}` : `exit code ${code}`)}).`));
    });
  });
  // The caller may stop reading early (an error in analysis): never leave `done` unhandled.
  done.catch(() => {});
  return { stdout: child.stdout, done, kill: () => child.kill('SIGKILL') };
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(0, STDERR_LIMIT);
    });
    child.on('error', (error) => reject(spawnError(command, error)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function spawnError(command, error) {
  if (error.code === 'ENOENT') return mediaFailure('tool_missing', `ffmpeg was not found (${command}).`);
  return new Error(`ffmpeg could not be started (${error.message}).`);
}

function lastLines(text, count) {
  return text.trim().split('\n').slice(-count).join(' / ').trim();
}
