import { describe, expect, it } from 'vitest';
import { playbackGainDb } from './normalization';

describe('the gain the player applies', () => {
  it('turns loud tracks down by their stored gain', () => {
    expect(playbackGainDb(-6.5, -0.1)).toBe(-6.5);
  });
  it('raises a quiet track only as far as its peak allows (1 dB under full scale)', () => {
    expect(playbackGainDb(12, -20)).toBe(12);
    expect(playbackGainDb(12, -5)).toBe(4);
    expect(playbackGainDb(12, 0.5)).toBe(0);
  });
  it('leaves unmeasured tracks alone, and never boosts without a known peak', () => {
    expect(playbackGainDb(null, null)).toBe(0);
    expect(playbackGainDb(8, null)).toBe(0);
  });
});
