import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MediaError } from './errors';
import { buildMasterPlaylist, checkMasterPlaylist, checkVariantPlaylist, isPathOnlyUri, playlistVersion } from './playlist';
import { runTool, type MediaTools } from './tools';

export const HLS_VARIANTS = [
  { name: '64k', bitrate: 64_000 },
  { name: '128k', bitrate: 128_000 },
  { name: '192k', bitrate: 192_000 },
] as const;
export type HlsVariantName = (typeof HLS_VARIANTS)[number]['name'];

export const MASTER_PLAYLIST = 'master.m3u8';
const DEFAULT_SEGMENT_SECONDS = 6;

/**
 * One ffmpeg process, three AAC-LC variants. Only the first audio stream is mapped (`-map 0`
 * would carry MP3/FLAC cover art, a video stream, into the segments). Every variant is stereo
 * 44.1 kHz: mono becomes two identical channels, 5.1 is downmixed. Paths must be absolute
 * (a path like "x:y" would be read as a protocol) and `outDir` must not contain '%'.
 */
export function buildHlsArgs(opts: { input: string; outDir: string; keyInfoFile: string; segmentSeconds: number }): string[] {
  if (opts.outDir.includes('%')) throw new TypeError('outDir must not contain "%": ffmpeg reads it as a pattern.');
  const maps = HLS_VARIANTS.flatMap(() => ['-map', '0:a:0']);
  const bitrates = HLS_VARIANTS.flatMap((v, i) => [`-b:a:${i}`, `${v.bitrate / 1000}k`]);
  const streamMap = HLS_VARIANTS.map((v, i) => `a:${i},name:${v.name}`).join(' ');
  return [
    '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1',
    '-i', opts.input,
    ...maps, '-vn', '-sn', '-dn',
    '-c:a', 'aac', '-profile:a', 'aac_low', '-ar', '44100', '-ac', '2',
    ...bitrates,
    '-f', 'hls',
    '-hls_time', String(opts.segmentSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_segment_type', 'mpegts',
    '-hls_key_info_file', opts.keyInfoFile,
    '-hls_flags', 'independent_segments',
    '-master_pl_name', MASTER_PLAYLIST,
    '-hls_segment_filename', path.join(opts.outDir, '%v', 'seg_%05d.ts'),
    '-var_stream_map', streamMap,
    path.join(opts.outDir, '%v', 'index.m3u8'),
  ];
}

export type HlsVariant = { name: HlsVariantName; bandwidth: number; playlist: string; segments: string[] };
export type HlsOutput = { master: string; variants: HlsVariant[]; files: string[] };

export type EncodeHlsOptions = {
  input: string;
  outDir: string;
  /** AES-128 key, 16 bytes. Never on a command line: it goes through a private key file. */
  key: Buffer;
  /** 16 random bytes, written into every playlist. */
  iv: Buffer;
  /** Path only, e.g. `/api/tracks/<id>/key`: no origin, so playlists survive any hostname. */
  keyUri: string;
  /** The probed duration: drives progress and the check that nothing was cut. */
  durationMs: number;
  segmentSeconds?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Where the private key directory is made (default os.tmpdir()), e.g. a tmpfs. */
  keyTempDir?: string;
};

/**
 * Encodes `input` into encrypted HLS under `outDir`, then checks the result the way a player
 * would see it. All returned paths are relative to `outDir`, with '/' separators.
 */
export async function encodeHls(tools: MediaTools, opts: EncodeHlsOptions): Promise<HlsOutput> {
  if (opts.key.length !== 16) throw new TypeError('The HLS key must be 16 bytes.');
  if (opts.iv.length !== 16 || opts.iv.every((b) => b === 0)) throw new TypeError('The HLS IV must be 16 bytes, not all zero.');
  if (!isPathOnlyUri(opts.keyUri)) throw new TypeError(`The key URI must be a path without origin, quotes or spaces: ${opts.keyUri}`);
  const segmentSeconds = opts.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
  await mkdir(opts.outDir, { recursive: true });

  // mkdtemp makes the directory 0700; the files are 0600 too, in case the umask is loose.
  const keyDir = await mkdtemp(path.join(opts.keyTempDir ?? os.tmpdir(), 'mist-hls-key-'));
  try {
    const keyFile = path.join(keyDir, 'track.key');
    const keyInfoFile = path.join(keyDir, 'key-info.txt');
    await writeFile(keyFile, opts.key, { mode: 0o600 });
    // Line 3 (the IV) is not optional in practice: without it ffmpeg 5.1 encrypts with IV 0.
    await writeFile(keyInfoFile, `${opts.keyUri}\n${keyFile}\n${opts.iv.toString('hex')}\n`, { mode: 0o600 });

    const args = buildHlsArgs({ input: opts.input, outDir: opts.outDir, keyInfoFile, segmentSeconds });
    let reported = 0;
    await runTool(tools.ffmpeg, args, {
      signal: opts.signal,
      onStdoutLine: (line) => {
        const match = /^out_time_us=(\d+)$/.exec(line);
        if (!match || !opts.onProgress || opts.durationMs <= 0) return;
        // Capped below 1: the track is not ready until the playlists are checked.
        const fraction = Math.min(0.99, Number(match[1]) / 1000 / opts.durationMs);
        if (fraction > reported) opts.onProgress((reported = fraction));
      },
    }).catch((error: unknown) => {
      if (error instanceof MediaError && error.code === 'encode_failed') {
        throw new MediaError('encode_failed', 'Converting this track for streaming failed.', { cause: error });
      }
      throw error;
    });
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }

  const output = await verifyAndWriteMaster(opts);
  opts.onProgress?.(1);
  return output;
}

async function verifyAndWriteMaster(opts: EncodeHlsOptions): Promise<HlsOutput> {
  const variants: HlsVariant[] = [];
  const masterEntries: { uri: string; bandwidth: number; averageBandwidth: number }[] = [];
  let version = 3;
  for (const { name, bitrate } of HLS_VARIANTS) {
    const playlist = `${name}/index.m3u8`;
    const text = await readFile(path.join(opts.outDir, playlist), 'utf8').catch(() => '');
    const check = checkVariantPlaylist(text, { keyUri: opts.keyUri });
    const problems = [...check.problems];
    if (check.iv && check.iv !== opts.iv.toString('hex')) problems.push('the playlist IV is not the one given');

    let bytes = 0;
    let seconds = 0;
    let peak = 0;
    for (const segment of check.segments) {
      // A work directory at run time: joined as text so the build's file tracer leaves it alone.
      const file = [opts.outDir, name, segment.uri].join(path.sep);
      const size = await stat(/* turbopackIgnore: true */ file).then((s) => s.size, () => 0);
      if (size === 0) problems.push(`segment ${segment.uri} is missing or empty`);
      bytes += size;
      seconds += segment.durationSeconds;
      if (segment.durationSeconds > 0) peak = Math.max(peak, (size * 8) / segment.durationSeconds);
    }
    // AAC priming adds a few tens of ms; losing more than a beat means the encode was cut.
    if (opts.durationMs > 0 && seconds * 1000 < opts.durationMs - Math.max(500, opts.durationMs * 0.01)) {
      problems.push(`variant ${name} lasts ${seconds.toFixed(2)} s, the source ${(opts.durationMs / 1000).toFixed(2)} s`);
    }
    if (problems.length > 0) {
      throw new MediaError('encode_failed', 'Converting this track for streaming produced an incomplete stream.', {
        cause: new Error(`${playlist}: ${problems.join('; ')}`),
      });
    }
    version = Math.max(version, playlistVersion(text));
    const bandwidth = Math.ceil(Math.max(bitrate * 1.1, peak));
    masterEntries.push({ uri: playlist, bandwidth, averageBandwidth: seconds > 0 ? (bytes * 8) / seconds : bitrate });
    variants.push({ name, bandwidth, playlist, segments: check.segments.map((s) => `${name}/${s.uri}`) });
  }

  // Written by us, not taken from ffmpeg: BANDWIDTH must cover the measured peak (see playlist.ts).
  const master = buildMasterPlaylist(masterEntries, version);
  const masterProblems = checkMasterPlaylist(master, HLS_VARIANTS.length);
  if (masterProblems.length > 0) throw new Error(`Internal error building the master playlist: ${masterProblems.join('; ')}`);
  await writeFile(path.join(opts.outDir, MASTER_PLAYLIST), master);

  const files = [MASTER_PLAYLIST, ...variants.flatMap((v) => [v.playlist, ...v.segments])];
  return { master: MASTER_PLAYLIST, variants, files };
}
