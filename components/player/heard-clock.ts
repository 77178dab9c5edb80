/**
 * Time actually heard in one listening session, from the media clock: ordinary playback
 * adds, a seek forward adds nothing, and a replay (a seek back, a loop) adds again as it plays.
 * Fed with the audio element's currentTime on each timeupdate.
 */
export class HeardClock {
  heardMs = 0;
  private last: number | null = null;

  /** A timeupdate: counts the media time since the last one if it looks like playback. */
  tick(currentTime: number, playing: boolean) {
    if (this.last !== null && playing) {
      const delta = currentTime - this.last;
      // timeupdate fires every ~250 ms; a bigger step forward is a seek, a step back a replay.
      if (delta > 0 && delta < 1.5) this.heardMs += Math.round(delta * 1000);
    }
    this.last = currentTime;
  }

  /** A seek: the next tick starts counting from wherever the seek landed. */
  seeked(currentTime: number) {
    this.last = currentTime;
  }
}

/** The heartbeat body the server expects (see docs/api.md). */
export type Beat = { positionMs: number; heardMs: number; seq: number; ended?: boolean };
