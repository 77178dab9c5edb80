import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLoudness, parseEbur128Summary } from './loudness';
import { makeTempDir, makeTestAudio, removeTempDirs } from './test-audio';
import { resolveMediaTools, type MediaTools } from './tools';

let tools: MediaTools;
let dir: string;
beforeAll(async () => {
  tools = resolveMediaTools();
  dir = await makeTempDir('mist-loudness-test-');
});
afterAll(removeTempDirs);

const summary = (i: string, lra: string, peak: string) => `[Parsed_ebur128_1 @ 0x1] Summary:

  Integrated loudness:
    I:         ${i} LUFS
    Threshold: -33.7 LUFS

  Loudness range:
    LRA:         ${lra} LU
    Threshold: -43.7 LUFS

  True peak:
    Peak:      ${peak} dBFS
`;

describe('measureLoudness', () => {
  it('puts a full-scale sine near -3 LUFS', async () => {
    const loudness = await measureLoudness(tools, await makeTestAudio(dir, 'full-scale-sine', 10));
    expect(loudness.integratedLufs).toBeCloseTo(-3, 0);
  });

  it('measures a -20 dBFS sine and the gain that brings it to -14 LUFS', async () => {
    const loudness = await measureLoudness(tools, await makeTestAudio(dir, 'quiet-sine', 10));
    // -20 dBFS peak is -23 dB RMS; K-weighting takes ~0.7 dB more at 440 Hz.
    expect(loudness.integratedLufs).toBeGreaterThan(-24.5);
    expect(loudness.integratedLufs).toBeLessThan(-22.5);
    expect(loudness.gainDb).toBe(Math.round((-14 - loudness.integratedLufs) * 100) / 100);
    // Measured as heard: mono is played as two channels at -3 dB each.
    expect(loudness.truePeakDb).toBeCloseTo(-23, 0);
    expect(loudness.loudnessRange).toBeLessThan(1);
  });

  it('reports silence as -70 LUFS with no gain and a finite peak', async () => {
    expect(await measureLoudness(tools, await makeTestAudio(dir, 'silence', 5))).toEqual({
      integratedLufs: -70, loudnessRange: 0, truePeakDb: -144, gainDb: 0,
    });
  });
});

describe('parseEbur128Summary', () => {
  it('reads the summary and rounds the gain to 0.01 dB', () => {
    expect(parseEbur128Summary(summary('-9.3', '6.1', '0.4'))).toEqual({ integratedLufs: -9.3, loudnessRange: 6.1, truePeakDb: 0.4, gainDb: -4.7 });
  });

  it('caps the gain for very quiet tracks', () => {
    expect(parseEbur128Summary(summary('-60.0', '0.0', '-50.0')).gainDb).toBe(24);
  });

  it('turns -inf into numbers JSON can hold', () => {
    expect(parseEbur128Summary(summary('-inf', '0.0', '-inf'))).toEqual({ integratedLufs: -70, loudnessRange: 0, truePeakDb: -144, gainDb: 0 });
  });

  it('rejects output without a summary', () => {
    expect(() => parseEbur128Summary('Conversion failed!')).toThrow(/could not be measured/);
  });
});
