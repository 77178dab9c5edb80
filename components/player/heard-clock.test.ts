import { describe, expect, it } from 'vitest';
import { HeardClock } from './heard-clock';

/** Plays from `from` to `to` seconds in 250 ms timeupdates. */
function play(clock: HeardClock, from: number, to: number) {
  for (let t = from; t <= to + 1e-9; t += 0.25) clock.tick(t, true);
}

describe('time heard', () => {
  it('counts ordinary playback', () => {
    const c = new HeardClock();
    play(c, 0, 20);
    expect(c.heardMs).toBe(20_000);
  });

  it('adds nothing for a seek forward', () => {
    const c = new HeardClock();
    play(c, 0, 5);
    c.seeked(100);
    play(c, 100, 105);
    expect(c.heardMs).toBe(10_000);
  });

  it('counts a jump forward without a seeked event as a seek, not as listening', () => {
    const c = new HeardClock();
    play(c, 0, 5);
    play(c, 60, 61);
    expect(c.heardMs).toBe(6_000);
  });

  it('adds replays and loops again', () => {
    const c = new HeardClock();
    play(c, 0, 10);
    c.seeked(0);
    play(c, 0, 10);
    play(c, 0, 10); // a loop back to the start without a seeked event
    expect(c.heardMs).toBe(30_000);
  });

  it('adds nothing while paused', () => {
    const c = new HeardClock();
    play(c, 0, 3);
    c.tick(3, false);
    c.tick(3.25, false);
    expect(c.heardMs).toBe(3_000);
  });
});
