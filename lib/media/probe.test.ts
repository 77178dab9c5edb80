import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from './errors';
import { probeAudio } from './probe';
import { makeTempDir, makeTestAudio, removeTempDirs, type TestAudioKind } from './test-audio';
import { resolveMediaTools, runTool, type MediaTools } from './tools';

let tools: MediaTools;
let dir: string;
beforeAll(async () => {
  tools = resolveMediaTools();
  dir = await makeTempDir('mist-probe-test-');
});
afterAll(removeTempDirs);

const probe = async (kind: TestAudioKind, seconds = 10, maxDurationSeconds = 3600) =>
  probeAudio(tools, await makeTestAudio(dir, kind, seconds), { maxDurationSeconds });

const rejection = async (kind: TestAudioKind, seconds = 10, maxDurationSeconds = 3600) => {
  const error = await probe(kind, seconds, maxDurationSeconds).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MediaError);
  return error as MediaError;
};

describe('probeAudio', () => {
  it('describes a WAV', async () => {
    // A plain WAV header has no channel layout, so none is reported.
    expect(await probe('sine', 10)).toEqual({
      container: 'wav', codec: 'pcm_s16le', sampleRate: 44100, channels: 1,
      durationMs: 10_000, bitRate: 705_600, hasCoverArt: false,
    });
  });

  it('sees the cover art in an MP3', async () => {
    const info = await probe('mp3-cover', 10);
    expect(info).toMatchObject({ container: 'mp3', codec: 'mp3', channels: 2, hasCoverArt: true });
    expect(Math.abs(info.durationMs - 10_000)).toBeLessThan(100);
  });

  it('describes FLAC, 5.1 and 8 kHz mono', async () => {
    expect(await probe('chord', 5)).toMatchObject({ container: 'flac', codec: 'flac', channels: 2, durationMs: 5000, hasCoverArt: false });
    expect(await probe('surround', 5)).toMatchObject({ channels: 6, channelLayout: '5.1' });
    expect(await probe('mono-8k', 5)).toMatchObject({ sampleRate: 8000, channels: 1 });
  });

  it('counts the whole track when the header only guesses (VBR MP3 without Xing header)', async () => {
    const file = await makeTestAudio(dir, 'mp3-vbr-no-header', 20);
    const header = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    expect(Math.abs(Number(header.stdout) - 20)).toBeGreaterThan(5); // what a header-only probe would store
    const { durationMs } = await probeAudio(tools, file, { maxDurationSeconds: 3600 });
    expect(Math.abs(durationMs - 20_000)).toBeLessThan(100);
  });

  it('refuses a track over the limit, saying how long it is', async () => {
    const error = await rejection('sine', 10, 5);
    expect(error.code).toBe('too_long');
    expect(error.message).toBe('The track is 10 s long; the limit is 5 s.');
  });

  it('refuses text renamed to .mp3, saying it looks like text', async () => {
    const error = await rejection('text');
    expect(error.code).toBe('not_audio');
    expect(error.message).toBe('This file has no audio we can decode (it looks like text).');
  });

  it('refuses an empty file', async () => {
    const error = await rejection('empty');
    expect(error.code).toBe('empty');
    expect(error.message).toMatch(/empty/);
  });

  it('refuses an MP3 cut off halfway, naming both lengths', async () => {
    const error = await rejection('truncated-mp3', 20);
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/cut off .* should be 20 s long, but only 1\d s/);
  });

  it('refuses an MP3 whose frames are garbage', async () => {
    const error = await rejection('corrupt-mp3', 20);
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/damaged/);
  });
});
