import { describe, expect, it } from 'vitest';
import { reachesPlay } from './plays';

describe('reachesPlay', () => {
  it('counts 30 s heard of a normal track, not 29.999 s', () => {
    expect(reachesPlay(30_000, 240_000)).toBe(true);
    expect(reachesPlay(29_999, 240_000)).toBe(false);
    expect(reachesPlay(30_000, null)).toBe(true);
  });

  it('counts half of a track shorter than a minute', () => {
    expect(reachesPlay(20_000, 40_000)).toBe(true);
    expect(reachesPlay(19_999, 40_000)).toBe(false);
    expect(reachesPlay(2_001, 4_001)).toBe(true);
    expect(reachesPlay(2_000, 4_001)).toBe(false);
  });

  it('asks 30 s of a track of a minute or more, and of one whose length is unknown', () => {
    expect(reachesPlay(29_999, 60_000)).toBe(false);
    expect(reachesPlay(20_000, null)).toBe(false);
    expect(reachesPlay(0, 0)).toBe(false);
  });
});
