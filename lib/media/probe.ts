import { open, stat } from 'node:fs/promises';
import { formatDuration, MediaError } from './errors';
import { runTool, type MediaTools } from './tools';

export type AudioProbe = {
  /** ffprobe's format_name, e.g. "mp3", "flac", "wav", "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  channelLayout?: string;
  /** The whole track, measured by decoding whenever the header cannot be trusted. */
  durationMs: number;
  bitRate?: number;
  hasCoverArt: boolean;
};

type FfprobeStream = {
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  bit_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
};
type FfprobeOutput = { streams?: FfprobeStream[]; format?: { format_name?: string; duration?: string; bit_rate?: string } };

// A still picture in an audio file is cover art even when the muxer forgot the disposition.
const IMAGE_CODECS = new Set(['mjpeg', 'png', 'bmp', 'gif', 'tiff', 'webp']);

/**
 * Describes the first audio stream of a file (the one `-map 0:a:0` encodes) and refuses what
 * cannot become a track: empty files, files without decodable audio, files cut off in the
 * middle, and tracks longer than `maxDurationSeconds`.
 */
export async function probeAudio(tools: MediaTools, filePath: string, options: { maxDurationSeconds: number }): Promise<AudioProbe> {
  const { size } = await stat(filePath);
  if (size === 0) throw new MediaError('empty', 'This file is empty (0 bytes): the upload may have failed. Please try again.');

  // `-v warning`, not `error`: the warnings are how ffprobe admits it guessed the duration.
  let probed: { stdout: string; stderr: string };
  try {
    probed = await runTool(tools.ffprobe, ['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', filePath]);
  } catch (error) {
    if (error instanceof MediaError && error.code === 'encode_failed') throw await notAudio(filePath, error);
    throw error;
  }
  const info = JSON.parse(probed.stdout || '{}') as FfprobeOutput;
  const streams = info.streams ?? [];
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!audio) {
    const pictures = streams.some((s) => s.codec_type === 'video');
    throw new MediaError('not_audio', `This file has no audio we can decode${pictures ? ' (it holds only pictures or video)' : ''}.`);
  }

  const headerSeconds = Number(info.format?.duration ?? audio.duration);
  const headerTrusted = Number.isFinite(headerSeconds) && headerSeconds > 0 && probed.stderr.trim() === '';
  const durationMs = headerTrusted ? Math.round(headerSeconds * 1000) : await durationByDecoding(tools, filePath, headerSeconds, probed.stderr);

  if (durationMs > options.maxDurationSeconds * 1000) {
    throw new MediaError('too_long', `The track is ${formatDuration(durationMs)} long; the limit is ${formatDuration(options.maxDurationSeconds * 1000)}.`);
  }

  const bitRate = Number(audio.bit_rate ?? info.format?.bit_rate);
  return {
    container: info.format?.format_name ?? 'unknown',
    codec: audio.codec_name ?? 'unknown',
    sampleRate: Number(audio.sample_rate),
    channels: audio.channels ?? 0,
    ...(audio.channel_layout ? { channelLayout: audio.channel_layout } : {}),
    durationMs,
    ...(Number.isFinite(bitRate) && bitRate > 0 ? { bitRate } : {}),
    hasCoverArt: streams.some((s) => s.codec_type === 'video' && (s.disposition?.attached_pic === 1 || IMAGE_CODECS.has(s.codec_name ?? ''))),
  };
}

/**
 * Decodes the audio to count it. ffprobe estimates from the bitrate when an MP3 has no Xing
 * header or a stream is raw (a VBR file can read 55 s for 20 s of audio), and reads a
 * truncated file's header at face value: decoding is ~100x realtime, so it is worth the truth.
 */
async function durationByDecoding(tools: MediaTools, filePath: string, headerSeconds: number, probeWarnings: string): Promise<number> {
  let lastOutTimeUs = 0;
  const decoded = await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-i', filePath, '-map', '0:a:0', '-f', 'null', '-'], {
    onStdoutLine: (line) => {
      const match = /^out_time_us=(\d+)$/.exec(line);
      if (match) lastOutTimeUs = Number(match[1]);
    },
  }).catch((error: unknown) => {
    if (error instanceof MediaError && error.code === 'encode_failed') {
      throw new MediaError('corrupt', 'The audio in this file could not be decoded: the file looks damaged.', { cause: error });
    }
    throw error;
  });
  const decodedMs = Math.round(lastOutTimeUs / 1000);
  const decodeErrors = decoded.stderr.trim() !== '';

  if (decodedMs === 0) {
    throw decodeErrors
      ? new MediaError('corrupt', 'The audio in this file could not be decoded: the file looks damaged.')
      : new MediaError('empty', 'This file contains no sound: its audio stream is empty.');
  }
  // A header that was read, not estimated, says how long the file should be: far less means cut off.
  const estimated = /estimating duration/i.test(probeWarnings);
  const headerMs = headerSeconds * 1000;
  if (!estimated && Number.isFinite(headerMs) && headerMs - decodedMs > Math.max(1000, headerMs * 0.05)) {
    throw new MediaError(
      'corrupt',
      `This file looks cut off or damaged: it should be ${formatDuration(headerMs)} long, but only ${formatDuration(decodedMs)} of audio could be decoded.`,
    );
  }
  return decodedMs;
}

async function notAudio(filePath: string, cause: unknown): Promise<MediaError> {
  const kind = await sniff(filePath);
  return new MediaError('not_audio', `This file has no audio we can decode${kind ? ` (it looks like ${kind})` : ''}.`, { cause });
}

// Names what an upload most likely is when ffprobe recognises nothing: a hint for the person.
async function sniff(filePath: string): Promise<string | undefined> {
  const handle = await open(filePath, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF document';
    if (head.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return 'a ZIP archive';
    // A multi-byte character cut at byte 512 is not evidence of binary data.
    const text = head.toString('utf8').replace(/\uFFFD$/, '');
    if (/^\s*<(!doctype html|html)/i.test(text)) return 'a web page';
    // Valid UTF-8 without control characters other than whitespace: a person would call it text.
    if (!text.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(text)) return 'text';
    return undefined;
  } finally {
    await handle.close();
  }
}
