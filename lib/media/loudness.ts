import { MediaError } from './errors';
import { runTool, type MediaTools } from './tools';

export type Loudness = {
  /** EBU R128 integrated loudness, LUFS; -70 (the absolute gate) means silence. */
  integratedLufs: number;
  /** Loudness range, LU; 0 for tracks shorter than the 3 s short-term window. */
  loudnessRange: number;
  /** True peak, dBTP; -144 stands for "no signal" (ffmpeg says -inf, which JSON cannot hold). */
  truePeakDb: number;
  /** Gain to reach -14 LUFS, rounded to 0.01 dB; 0 for silence. */
  gainDb: number;
};

export const TARGET_LUFS = -14;
const SILENCE_LUFS = -70;
const NO_SIGNAL_DB = -144;
// Beyond this a track is near-silent or broken, and more gain would only raise its noise.
const MAX_GAIN_DB = 24;

/**
 * Measures what listeners hear: the first audio stream downmixed to stereo as the HLS
 * variants are (a mono file's two channels at -3 dB each keep its loudness but lower its
 * peak by 3 dB). Uses ffmpeg's ebur128 filter, about 100x realtime with true peak.
 */
export async function measureLoudness(tools: MediaTools, filePath: string, options: { signal?: AbortSignal } = {}): Promise<Loudness> {
  const { stderr } = await runTool(
    tools.ffmpeg,
    [
      '-nostdin', '-hide_banner', '-nostats', '-i', filePath,
      '-map', '0:a:0',
      // framelog=verbose keeps ten lines per second out of stderr; the summary is logged at info.
      '-af', 'aformat=channel_layouts=stereo,ebur128=peak=true:framelog=verbose',
      '-f', 'null', '-',
    ],
    { signal: options.signal },
  );
  return parseEbur128Summary(stderr);
}

/** Reads the "Summary:" block ebur128 prints at the end; exported for tests. */
export function parseEbur128Summary(stderr: string): Loudness {
  const at = stderr.lastIndexOf('Summary:');
  const summary = at >= 0 ? stderr.slice(at) : '';
  const read = (label: string) => {
    const match = new RegExp(`^\\s*${label}:\\s*(-?inf|-?\\d+(?:\\.\\d+)?)`, 'mi').exec(summary);
    if (!match) return undefined;
    return match[1].toLowerCase().endsWith('inf') ? (match[1].startsWith('-') ? -Infinity : Infinity) : Number(match[1]);
  };
  const integrated = read('I');
  const range = read('LRA');
  const peak = read('Peak');
  if (integrated === undefined || range === undefined || peak === undefined) {
    throw new MediaError('corrupt', 'The loudness of this track could not be measured.', { cause: new Error(stderr.slice(-2000)) });
  }
  const silent = !Number.isFinite(integrated) || integrated <= SILENCE_LUFS;
  const integratedLufs = silent ? SILENCE_LUFS : integrated;
  const gain = silent ? 0 : Math.min(MAX_GAIN_DB, Math.max(-MAX_GAIN_DB, TARGET_LUFS - integratedLufs));
  return {
    integratedLufs,
    loudnessRange: Number.isFinite(range) && range > 0 ? range : 0,
    truePeakDb: Number.isFinite(peak) ? peak : NO_SIGNAL_DB,
    gainDb: Math.round(gain * 100) / 100 || 0,
  };
}
