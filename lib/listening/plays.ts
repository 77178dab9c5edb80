/** Heard this long, a session is a play... */
export const PLAY_THRESHOLD_MS = 30_000;
/** ...or, for a track shorter than this, half of it. */
export const SHORT_TRACK_MS = 60_000;
/** Heard time may run ahead of the server's clock by this much (network, clock steps). */
export const HEARD_SLACK_MS = 3_000;

/** Does `heardMs` of a track lasting `durationMs` (unknown: null) make a play? */
export function reachesPlay(heardMs: number, durationMs: number | null): boolean {
  if (heardMs >= PLAY_THRESHOLD_MS) return true;
  return durationMs !== null && durationMs > 0 && durationMs < SHORT_TRACK_MS && heardMs * 2 >= durationMs;
}

