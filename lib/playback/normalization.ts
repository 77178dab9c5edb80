/** Headroom kept below 0 dBTP when a quiet track is raised, so normalization never clips. */
export const PEAK_CEILING_DB = -1;

/**
 * The gain the player applies with normalization on: the stored gain to the loudness target,
 * but a boost only as far as the track's true peak leaves room. Unmeasured tracks play as they are.
 */
export function playbackGainDb(gainDb: number | null, truePeakDb: number | null): number {
  if (gainDb === null || !Number.isFinite(gainDb)) return 0;
  if (gainDb <= 0 || truePeakDb === null || !Number.isFinite(truePeakDb)) return Math.min(0, gainDb);
  return Math.round(Math.max(0, Math.min(gainDb, PEAK_CEILING_DB - truePeakDb)) * 100) / 100;
}
