export type MediaErrorCode = 'not_audio' | 'too_long' | 'empty' | 'tool_missing' | 'encode_failed' | 'corrupt';

/**
 * An expected media failure. The message is written for the person who uploaded the file
 * (or, for `tool_missing`, the person running the server); the pipeline can show it as is.
 */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MediaError';
  }
}

/**
 * "2 h 31 min 20 s", "4 min 5 s", "12 s": how a person says a track length. Seconds stay in
 * for long tracks so a track just over a limit never reads as equal to it.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const min = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} h`);
  if (min > 0 || (h > 0 && s > 0)) parts.push(`${min} min`);
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}
