import { describe, expect, it } from 'vitest';
import { safeCallbackUrl, signInErrorMessage } from './sign-in-errors';

describe('safeCallbackUrl', () => {
  it('keeps paths on this server', () => {
    expect(safeCallbackUrl('/admin/users?page=2')).toBe('/admin/users?page=2');
  });

  it('keeps the query and hash, and normalises the path as a browser would', () => {
    expect(safeCallbackUrl('/tracks/abc?t=1#top')).toBe('/tracks/abc?t=1#top');
    expect(safeCallbackUrl('/albums/../history')).toBe('/history');
    // An encoded TAB stays encoded: a path segment on this server, not a way out of it.
    expect(safeCallbackUrl('/%09/evil.example')).toBe('/%09/evil.example');
  });

  it.each([
    'https://evil.example',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example/phish',
    '/\n/evil.example/phish',
    '/\r\n/evil.example',
    '/.//evil.example/x',
    '/x/..//evil.example',
    '/\u0000/evil.example',
    ' /evil',
    '',
    null,
    undefined,
  ])(
    'sends %s home instead',
    (value) => expect(safeCallbackUrl(value)).toBe('/'),
  );
});

describe('signInErrorMessage', () => {
  it('says what happened in words', () => {
    expect(signInErrorMessage('CredentialsSignin', 15)).toBe('Wrong email or password.');
    expect(signInErrorMessage('RateLimited', 15)).toMatch(/Too many failed sign-in attempts.*15 minutes/);
    expect(signInErrorMessage('AccountDisabled', 15)).toMatch(/disabled/);
  });

  it('never echoes text from the URL', () => {
    expect(signInErrorMessage('Call 555-0100 to unlock your account', 15)).toBe('Sign-in failed. Try again.');
    expect(signInErrorMessage(undefined, 15)).toBeNull();
  });
});
