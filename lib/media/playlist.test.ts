import { describe, expect, it } from 'vitest';
import { buildMasterPlaylist, checkMasterPlaylist, checkVariantPlaylist, isPathOnlyUri, parseAttributes, parseMasterPlaylist } from './playlist';

const IV = '0x9bb92cb6c1d2e99c46cb9790af1aaf5b';
const keyUri = '/api/tracks/t1/key';
const variant = (keyLine: string, end = '#EXT-X-ENDLIST') => `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
${keyLine}
#EXTINF:6.013967,
seg_00000.ts
#EXTINF:2.004733,
seg_00001.ts
${end}
`;

describe('checkVariantPlaylist', () => {
  it('accepts an AES-128 VOD playlist with an explicit IV and lists its segments', () => {
    const check = checkVariantPlaylist(variant(`#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}",IV=${IV}`), { keyUri });
    expect(check).toEqual({
      problems: [],
      iv: IV.slice(2),
      segments: [{ uri: 'seg_00000.ts', durationSeconds: 6.013967 }, { uri: 'seg_00001.ts', durationSeconds: 2.004733 }],
    });
  });

  it.each([
    ['no key at all', '', /no #EXT-X-KEY/],
    ['a zero IV', `#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}",IV=0x${'0'.repeat(32)}`, /IV is zero/],
    ['an implicit IV', `#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}"`, /no explicit 128-bit IV/],
    ['another key URI', `#EXT-X-KEY:METHOD=AES-128,URI="https://elsewhere/key",IV=${IV}`, /key URI is https:\/\/elsewhere\/key/],
    ['no encryption', `#EXT-X-KEY:METHOD=NONE`, /METHOD is NONE/],
  ])('flags %s', (_name, keyLine, problem) => {
    expect(checkVariantPlaylist(variant(keyLine), { keyUri }).problems).toContainEqual(expect.stringMatching(problem));
  });

  it('flags a playlist that never ends (players would wait for more)', () => {
    const check = checkVariantPlaylist(variant(`#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}",IV=${IV}`, ''), { keyUri });
    expect(check.problems).toEqual(['variant playlist does not end with #EXT-X-ENDLIST']);
  });
});

describe('master playlists', () => {
  it('builds a master that passes its own check, with CODECS and rounded-up bandwidths', () => {
    const text = buildMasterPlaylist([
      { uri: '64k/index.m3u8', bandwidth: 70_533.4, averageBandwidth: 66_000.2 },
      { uri: '128k/index.m3u8', bandwidth: 140_800 },
    ], 6);
    expect(checkMasterPlaylist(text, 2)).toEqual([]);
    expect(text).toContain('#EXT-X-VERSION:6\n');
    expect(parseMasterPlaylist(text)).toEqual([
      { uri: '64k/index.m3u8', bandwidth: 70_534, averageBandwidth: 66_001, codecs: 'mp4a.40.2' },
      { uri: '128k/index.m3u8', bandwidth: 140_800, codecs: 'mp4a.40.2' },
    ]);
  });

  it('flags a master without CODECS or with a missing variant', () => {
    const text = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=70400\n64k/index.m3u8\n';
    expect(checkMasterPlaylist(text, 3)).toEqual([
      'master playlist lists 1 variants, expected 3',
      'variant 64k/index.m3u8 has CODECS=(none), expected mp4a.40.2',
    ]);
  });

  it('reads quoted attribute values that contain commas', () => {
    expect(parseAttributes('BANDWIDTH=1,CODECS="mp4a.40.2,avc1.4d401e",NAME=x')).toEqual({ BANDWIDTH: '1', CODECS: 'mp4a.40.2,avc1.4d401e', NAME: 'x' });
  });
});

describe('isPathOnlyUri', () => {
  it('accepts paths and refuses origins, protocol-relative URLs and quotes', () => {
    expect(isPathOnlyUri('/api/tracks/t1/key')).toBe(true);
    expect(isPathOnlyUri('key.bin')).toBe(true);
    for (const bad of ['https://mist.example/k', '//mist.example/k', 'data:,x', '/k"x', '/k\nx', '']) expect(isPathOnlyUri(bad)).toBe(false);
  });
});
