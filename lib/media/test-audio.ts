/**
 * Test audio, generated with ffmpeg's lavfi sources: no fixtures in the repo, any length.
 * For tests only (the media tests and the ingest pipeline tests).
 *
 *   const dir = await makeTempDir('mist-media-');      // remove with removeTempDirs() in afterAll
 *   const file = await makeTestAudio(dir, 'mp3-cover', 20);
 *
 * Kinds (`seconds` is the audio length; text/empty/corrupt kinds have their own size):
 *   sine            440 Hz at -18 dBFS, mono WAV
 *   quiet-sine      440 Hz at exactly -20 dBFS peak, mono WAV (about -23.7 LUFS)
 *   full-scale-sine 997 Hz at 0 dBFS, mono WAV (about -3 LUFS)
 *   silence         digital silence, stereo WAV
 *   chord           A major triad, stereo FLAC
 *   noise           white noise, stereo 16-bit WAV
 *   mp3             440 Hz, 128k CBR MP3 with a Xing header
 *   mp3-cover       chord MP3 with an embedded 300x300 JPEG cover (ID3v2.3 APIC, attached_pic)
 *   mp3-vbr-no-header  VBR MP3 without Xing header, quiet start then noise: ffprobe
 *                   estimates the duration from the bitrate and gets it badly wrong
 *   mono-8k         440 Hz, mono 8 kHz WAV
 *   surround        5.1 FLAC, a different tone per channel
 *   text            a short text file named .mp3
 *   empty           a 0-byte .mp3
 *   truncated-mp3   the first half of a CBR MP3 whose header still claims the full length
 *   corrupt-mp3     3 KB of a real MP3 followed by pseudo-random bytes
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveMediaTools, runTool } from './tools';

export type TestAudioKind =
  | 'sine' | 'quiet-sine' | 'full-scale-sine' | 'silence' | 'chord' | 'noise'
  | 'mp3' | 'mp3-cover' | 'mp3-vbr-no-header' | 'mono-8k' | 'surround'
  | 'text' | 'empty' | 'truncated-mp3' | 'corrupt-mp3';

const tempDirs: string[] = [];

export async function makeTempDir(prefix = 'mist-media-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory made by makeTempDir in this process. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

const tone = (expr: string, seconds: number, rate = 44100) => ['-f', 'lavfi', '-i', `aevalsrc=${expr}:s=${rate}:d=${seconds}`];
const CHORD = '0.2*sin(2*PI*440*t)+0.2*sin(2*PI*554.37*t)+0.2*sin(2*PI*659.25*t)';

/** Writes a test file of the given kind into `dir` and returns its absolute path. */
export async function makeTestAudio(dir: string, kind: TestAudioKind, seconds = 10): Promise<string> {
  const { ffmpeg } = resolveMediaTools();
  const ff = (args: string[]) => runTool(ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args]);
  const file = (ext: string) => path.join(path.resolve(dir), `${kind}-${seconds}s.${ext}`);

  switch (kind) {
    case 'sine':
      return done(file('wav'), (out) => ff(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, out]));
    case 'quiet-sine':
      return done(file('wav'), (out) => ff([...tone('0.1*sin(2*PI*440*t)', seconds), out]));
    case 'full-scale-sine':
      return done(file('wav'), (out) => ff([...tone('sin(2*PI*997*t)', seconds, 48000), out]));
    case 'silence':
      return done(file('wav'), (out) => ff(['-f', 'lavfi', '-i', `anullsrc=r=44100:cl=stereo:d=${seconds}`, out]));
    case 'chord':
      return done(file('flac'), (out) => ff([...tone(`${CHORD}|${CHORD}`, seconds), out]));
    case 'noise':
      return done(file('wav'), (out) => ff(['-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:a=0.3:seed=7`, '-ac', '2', '-c:a', 'pcm_s16le', out]));
    case 'mp3':
      return done(file('mp3'), (out) => ff(sineMp3(seconds, out)));
    case 'mp3-cover':
      return done(file('mp3'), async (out) => {
        const cover = path.join(path.resolve(dir), `cover-${seconds}s.jpg`);
        await ff(['-f', 'lavfi', '-i', 'color=c=red:s=300x300', '-frames:v', '1', cover]);
        await ff([
          ...tone(`${CHORD}|${CHORD}`, seconds), '-i', cover, '-map', '0', '-map', '1',
          '-c:a', 'libmp3lame', '-b:a', '192k', '-c:v', 'copy', '-id3v2_version', '3',
          '-metadata:s:v', 'title=Album cover', '-metadata:s:v', 'comment=Cover (front)', '-disposition:v', 'attached_pic', out,
        ]);
      });
    case 'mp3-vbr-no-header':
      return done(file('mp3'), (out) => {
        const quiet = Math.max(1, Math.round(seconds / 4));
        return ff([
          '-f', 'lavfi', '-i', `anullsrc=r=44100:cl=stereo:d=${quiet}`,
          '-f', 'lavfi', '-i', `anoisesrc=d=${seconds - quiet}:a=0.5:seed=3`,
          '-filter_complex', '[0][1]concat=n=2:v=0:a=1', '-c:a', 'libmp3lame', '-q:a', '2', '-write_xing', '0', out,
        ]);
      });
    case 'mono-8k':
      return done(file('wav'), (out) => ff([...tone('0.5*sin(2*PI*440*t)', seconds, 8000), '-ac', '1', out]));
    case 'surround': {
      const channels = [220, 330, 440, 550, 110, 660].map((f) => `0.2*sin(2*PI*${f}*t)`).join('|');
      return done(file('flac'), (out) => ff([...tone(`${channels}:c=5.1`, seconds), out]));
    }
    case 'text':
      return done(file('mp3'), (out) => writeFile(out, 'These are the lyrics, not the song.\nVerse one...\n'));
    case 'empty':
      return done(file('mp3'), (out) => writeFile(out, ''));
    case 'truncated-mp3':
      return done(file('mp3'), async (out) => {
        await ff(sineMp3(seconds, `${out}.whole.mp3`));
        const bytes = await readFile(`${out}.whole.mp3`);
        await writeFile(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
      });
    case 'corrupt-mp3':
      return done(file('mp3'), async (out) => {
        await ff(sineMp3(seconds, `${out}.whole.mp3`));
        const head = (await readFile(`${out}.whole.mp3`)).subarray(0, 3000);
        await writeFile(out, Buffer.concat([head, pseudoRandomBytes(200_000)]));
      });
  }
}

async function done(out: string, make: (out: string) => Promise<unknown>): Promise<string> {
  await make(out);
  return out;
}

const sineMp3 = (seconds: number, out: string) => [
  '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'libmp3lame', '-b:a', '128k', out,
];

// Deterministic, so a failure reproduces byte for byte.
function pseudoRandomBytes(length: number, seed = 12345): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
