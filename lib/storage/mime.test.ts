import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, IMMUTABLE, objectOptionsFor, PRIVATE, REVALIDATE } from './mime';

describe('contentTypeFor', () => {
  it.each([
    ['tracks/a/v1/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['tracks/a/v1/64k/index.m3u8', 'application/vnd.apple.mpegurl'],
    ['tracks/a/v1/64k/seg_00001.ts', 'video/mp2t'],
    ['tracks/a/cover.jpg', 'image/jpeg'],
    ['tracks/a/cover.JPEG', 'image/jpeg'],
    ['tracks/a/cover.png', 'image/png'],
    ['tracks/a/cover.webp', 'image/webp'],
    ['tracks/a/v1/peaks.json', 'application/json'],
    ['originals/a/source', 'application/octet-stream'],
    ['tracks/a/.m3u8', 'application/octet-stream'],
    ['tracks/a.m3u8/source', 'application/octet-stream'],
    ['tracks/a/song.flac', 'application/octet-stream'],
  ])('%s → %s', (key, type) => {
    expect(contentTypeFor(key)).toBe(type);
  });
});

describe('cacheControlFor', () => {
  it('caches everything under a version for a year: it never changes in place', () => {
    for (const key of ['tracks/a/v1/master.m3u8', 'tracks/a/v3/64k/index.m3u8', 'tracks/a/v1/64k/seg_00001.ts', 'tracks/a/v2/cover.png']) {
      expect(cacheControlFor(key)).toBe(IMMUTABLE);
    }
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
  });
  it('caches segments and covers for a year', () => {
    expect(cacheControlFor('tracks/a/cover.jpg')).toBe(IMMUTABLE);
    expect(cacheControlFor('tracks/a/cover.webp')).toBe(IMMUTABLE);
  });
  it('revalidates an unversioned playlist', () => {
    expect(cacheControlFor('tracks/a/master.m3u8')).toBe(REVALIDATE);
    expect(cacheControlFor('tracks/a/vx/master.m3u8')).toBe(REVALIDATE);
  });
  it('never caches originals or anything outside tracks/', () => {
    expect(cacheControlFor('originals/a/source')).toBe(PRIVATE);
    expect(cacheControlFor('originals/a/v1/master.m3u8')).toBe(PRIVATE);
    expect(cacheControlFor('other/x.ts')).toBe(PRIVATE);
  });
  it('gives both for a put', () => {
    expect(objectOptionsFor('tracks/a/v1/64k/seg_00002.ts')).toEqual({ contentType: 'video/mp2t', cacheControl: IMMUTABLE });
  });
});
