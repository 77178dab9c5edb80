import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertSafeKey, encodeKey, isSafeKey, normalizePrefix } from './keys';
import { resolveKey } from './local';

describe('assertSafeKey', () => {
  it.each([
    'originals/0b7c2e4e-1f0a-4d7e-9a55-3b1f6f0f9c1d/source',
    'tracks/0b7c2e4e-1f0a-4d7e-9a55-3b1f6f0f9c1d/v1/master.m3u8',
    'tracks/abc/v12/192k/seg_00001.ts',
    'tracks/abc/cover.jpeg',
    'a',
    'a-b_c.d',
    'a..b', // dots inside a name are fine: only whole `..` segments (or a leading dot) are not
  ])('accepts %s', (key) => {
    expect(() => assertSafeKey(key)).not.toThrow();
    expect(isSafeKey(key)).toBe(true);
  });

  it.each([
    ['parent segment', '../x'],
    ['parent segment deeper', 'a/../../b'],
    ['trailing parent', 'tracks/..'],
    ['current segment', 'a/./b'],
    ['absolute', '/etc/passwd'],
    ['backslash', 'a\\b'],
    ['windows traversal', '..\\..\\x'],
    ['NUL', 'a\0b'],
    ['empty segment', 'a//b'],
    ['trailing slash', 'tracks/a/'],
    ['empty', ''],
    ['hidden name (temp files)', 'tracks/a/.seg.ts.part'],
    // Never decoded: `%` is simply not an allowed character.
    ['percent-encoded dots', '%2e%2e/x'],
    ['percent-encoded slash', 'tracks%2f..%2fx'],
    ['space', 'tracks/a b'],
    ['non-ASCII', 'tracks/é'],
    ['colon', 'c:/x'],
    ['too long', 'a/'.repeat(600) + 'b'],
  ])('refuses %s', (_what, key) => {
    expect(isSafeKey(key)).toBe(false);
    expect(() => assertSafeKey(key)).toThrow(AppError);
  });

  it('refuses a non-string without throwing a TypeError', () => {
    expect(isSafeKey(undefined)).toBe(false);
    expect(() => assertSafeKey(42 as unknown as string)).toThrow(/Invalid storage key/);
  });
});

describe('resolveKey', () => {
  const root = path.resolve('/srv/mist/media');
  it('stays under the root', () => {
    expect(resolveKey(root, 'tracks/a/v1/master.m3u8')).toBe(path.join(root, 'tracks', 'a', 'v1', 'master.m3u8'));
    expect(resolveKey(root + '/', 'a')).toBe(path.join(root, 'a'));
  });
  it('throws for anything that could leave it', () => {
    for (const key of ['../media-other/x', '/etc/passwd', 'a/../../b', '']) expect(() => resolveKey(root, key)).toThrow(AppError);
  });
});

describe('normalizePrefix', () => {
  it('names a folder, with or without the trailing slash', () => {
    expect(normalizePrefix('tracks/a', false)).toBe('tracks/a/');
    expect(normalizePrefix('tracks/a/', false)).toBe('tracks/a/');
  });
  it('allows the whole store only when asked', () => {
    expect(normalizePrefix('', true)).toBe('');
    expect(normalizePrefix('/', true)).toBe('');
    expect(() => normalizePrefix('', false)).toThrow(AppError);
    expect(() => normalizePrefix('/', false)).toThrow(AppError);
  });
  it('refuses unsafe prefixes', () => {
    expect(() => normalizePrefix('../', true)).toThrow(AppError);
    expect(() => normalizePrefix('tracks//', true)).toThrow(AppError);
  });
});

describe('encodeKey', () => {
  it('encodes each segment, keeping the slashes', () => {
    expect(encodeKey('tracks/a b/c#d')).toBe('tracks/a%20b/c%23d');
    expect(encodeKey('tracks/a/v1/64k/seg_00001.ts')).toBe('tracks/a/v1/64k/seg_00001.ts');
  });
});
