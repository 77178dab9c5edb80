import { createDecipheriv, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from './errors';
import { buildHlsArgs, encodeHls, HLS_VARIANTS, type HlsOutput } from './hls';
import { checkVariantPlaylist, parseMasterPlaylist } from './playlist';
import { probeAudio } from './probe';
import { makeTempDir, makeTestAudio, removeTempDirs } from './test-audio';
import { resolveMediaTools, runTool, type MediaTools } from './tools';

describe('buildHlsArgs', () => {
  const args = buildHlsArgs({ input: '/in/song.mp3', outDir: '/out/t1', keyInfoFile: '/keys/info', segmentSeconds: 6 });
  const valueOf = (flag: string) => args[args.indexOf(flag) + 1];

  it('maps only the first audio stream, three times, and drops video, subtitles and data', () => {
    const maps = args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
    expect(maps).toEqual(['0:a:0', '0:a:0', '0:a:0']);
    expect(args).toEqual(expect.arrayContaining(['-vn', '-sn', '-dn']));
  });

  it('encodes stereo 44.1 kHz AAC-LC at 64, 128 and 192 kbit/s', () => {
    expect([valueOf('-c:a'), valueOf('-profile:a'), valueOf('-ar'), valueOf('-ac')]).toEqual(['aac', 'aac_low', '44100', '2']);
    expect([valueOf('-b:a:0'), valueOf('-b:a:1'), valueOf('-b:a:2')]).toEqual(['64k', '128k', '192k']);
  });

  it('writes encrypted VOD HLS with one folder per variant', () => {
    expect(valueOf('-f')).toBe('hls');
    expect(valueOf('-hls_time')).toBe('6');
    expect(valueOf('-hls_playlist_type')).toBe('vod');
    expect(valueOf('-hls_segment_type')).toBe('mpegts');
    expect(valueOf('-hls_key_info_file')).toBe('/keys/info');
    expect(valueOf('-master_pl_name')).toBe('master.m3u8');
    expect(valueOf('-hls_segment_filename')).toBe('/out/t1/%v/seg_%05d.ts');
    expect(valueOf('-var_stream_map')).toBe('a:0,name:64k a:1,name:128k a:2,name:192k');
    expect(args.at(-1)).toBe('/out/t1/%v/index.m3u8');
    expect(args.slice(0, 6)).toEqual(['-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1']);
  });

  it('refuses an output folder that ffmpeg would read as a pattern', () => {
    expect(() => buildHlsArgs({ input: '/a', outDir: '/out/100%', keyInfoFile: '/k', segmentSeconds: 6 })).toThrow(/%/);
  });
});

describe('encodeHls with Debian ffmpeg', () => {
  let tools: MediaTools;
  let dir: string;
  let keyDir: string; // local key files and decrypted segments, for the tests as a client
  let keyParent: string; // where encodeHls makes its private key directory
  let sourceMs: number;
  let out: HlsOutput;
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const keyUri = '/api/tracks/t1/key';
  const progress: number[] = [];

  beforeAll(async () => {
    tools = resolveMediaTools();
    dir = await makeTempDir('mist-hls-test-');
    keyDir = await makeTempDir('mist-hls-keys-');
    keyParent = await makeTempDir('mist-hls-key-parent-');
    const input = await makeTestAudio(dir, 'mp3-cover', 20);
    sourceMs = (await probeAudio(tools, input, { maxDurationSeconds: 3600 })).durationMs;
    out = await encodeHls(tools, {
      input, outDir: path.join(dir, 'hls'), key, iv, keyUri, durationMs: sourceMs, keyTempDir: keyParent, onProgress: (f) => progress.push(f),
    });
  });
  afterAll(removeTempDirs);

  const hlsDir = () => path.join(dir, 'hls');

  /** A copy of a variant playlist whose key URI is a local file, for ffmpeg as the client. */
  async function localPlaylist(outDir: string, variant: string, keyBytes: Buffer): Promise<string> {
    const keyFile = path.join(keyDir, `${variant}-${keyBytes.toString('hex').slice(0, 8)}.key`);
    await writeFile(keyFile, keyBytes);
    const text = await readFile(path.join(outDir, variant, 'index.m3u8'), 'utf8');
    const copy = path.join(outDir, variant, `local-${path.basename(keyFile)}.m3u8`);
    await writeFile(copy, text.replace(/URI="[^"]*"/, `URI="${keyFile}"`));
    return copy;
  }

  async function decodedSeconds(playlist: string): Promise<number> {
    const { stdout } = await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-allowed_extensions', 'ALL', '-i', playlist, '-map', '0:a:0', '-f', 'null', '-', '-progress', 'pipe:1', '-nostats']);
    return Number([...stdout.matchAll(/out_time_us=(\d+)/g)].at(-1)?.[1]) / 1e6;
  }

  async function streamsOf(target: string) {
    const { stdout } = await runTool(tools.ffprobe, ['-v', 'error', '-allowed_extensions', 'ALL', '-print_format', 'json', '-show_streams', target]);
    return (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; profile?: string; sample_rate: string; channels: number }[] }).streams;
  }

  it('makes three variants listed in a master playlist players can pick from', async () => {
    expect(out.variants.map((v) => v.name)).toEqual(['64k', '128k', '192k']);
    const entries = parseMasterPlaylist(await readFile(path.join(hlsDir(), out.master), 'utf8'));
    expect(entries.map((e) => e.uri)).toEqual(['64k/index.m3u8', '128k/index.m3u8', '192k/index.m3u8']);
    entries.forEach((entry, i) => {
      expect(entry.codecs).toBe('mp4a.40.2');
      expect(entry.bandwidth).toBeGreaterThanOrEqual(HLS_VARIANTS[i].bitrate * 1.1);
    });
    const onDisk = (await readdir(hlsDir(), { recursive: true })).filter((f) => f.endsWith('.ts') || f.endsWith('.m3u8'));
    expect([...out.files].sort()).toEqual(onDisk.map((f) => f.split(path.sep).join('/')).sort());
  });

  it('encrypts every variant with AES-128, the key URI given and the non-zero IV given', async () => {
    for (const variant of out.variants) {
      const text = await readFile(path.join(hlsDir(), variant.playlist), 'utf8');
      expect(text).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}",IV=0x${iv.toString('hex')}`);
      expect(checkVariantPlaylist(text, { keyUri }).problems).toEqual([]);
      expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    }
  });

  it('leaves no key material behind', async () => {
    expect(await readdir(keyParent)).toEqual([]);
  });

  it('gives segments that do not decode without the key, nor with a wrong one', async () => {
    const segment = path.join(hlsDir(), out.variants[1].segments[0]);
    const raw = await streamsOf(segment).catch((error: unknown) => error);
    expect(raw instanceof MediaError || (Array.isArray(raw) && raw.length === 0)).toBe(true);
    const wrong = await localPlaylist(hlsDir(), '128k', randomBytes(16));
    await expect(decodedSeconds(wrong)).rejects.toBeInstanceOf(MediaError);
  });

  it('decodes every variant with the key to the length of the source', async () => {
    for (const variant of out.variants) {
      const seconds = await decodedSeconds(await localPlaylist(hlsDir(), variant.name, key));
      expect(Math.abs(seconds - sourceMs / 1000)).toBeLessThanOrEqual(0.1);
    }
  });

  it('puts only audio in the segments, though the MP3 carries cover art', async () => {
    for (const variant of out.variants) {
      for (const segment of variant.segments) {
        const decipher = createDecipheriv('aes-128-cbc', key, iv);
        const clear = Buffer.concat([decipher.update(await readFile(path.join(hlsDir(), segment))), decipher.final()]);
        const clearFile = path.join(keyDir, 'clear.ts');
        await writeFile(clearFile, clear);
        const streams = await streamsOf(clearFile);
        expect(streams.map((s) => s.codec_type)).toEqual(['audio']);
      }
    }
  });

  it('reports progress that only rises and ends at 1', () => {
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((f, i) => i === 0 || f > progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  it.each(['mono-8k', 'surround'] as const)('turns %s into stereo 44.1 kHz AAC-LC', async (kind) => {
    const input = await makeTestAudio(dir, kind, 8);
    const outDir = path.join(dir, `hls-${kind}`);
    await encodeHls(tools, { input, outDir, key, iv, keyUri, durationMs: 8000, keyTempDir: keyParent });
    const streams = await streamsOf(await localPlaylist(outDir, '64k', key));
    expect(streams).toEqual([expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', profile: 'LC', sample_rate: '44100', channels: 2 })]);
  });

  it('fails with encode_failed and still removes the key when ffmpeg fails', async () => {
    const bogus = path.join(dir, 'not-there.flac');
    const failed = encodeHls(tools, { input: bogus, outDir: path.join(dir, 'hls-bogus'), key, iv, keyUri, durationMs: 1000, keyTempDir: keyParent });
    await expect(failed).rejects.toMatchObject({ code: 'encode_failed' });
    expect(await readdir(keyParent)).toEqual([]);
  });

  it('refuses key URIs with an origin and all-zero IVs', async () => {
    const base = { input: '/x', outDir: path.join(dir, 'never'), key, durationMs: 1000 };
    await expect(encodeHls(tools, { ...base, iv, keyUri: 'https://mist.example/api/tracks/t1/key' })).rejects.toThrow(/path/);
    await expect(encodeHls(tools, { ...base, iv, keyUri: '//mist.example/k' })).rejects.toThrow(/path/);
    await expect(encodeHls(tools, { ...base, iv: Buffer.alloc(16), keyUri })).rejects.toThrow(/IV/);
  });
});
