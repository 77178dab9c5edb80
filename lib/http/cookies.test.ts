import { RequestCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { describe, expect, it } from 'vitest';
import { parseCookieHeader } from './cookies';

describe('parseCookieHeader', () => {
  it.each([
    'next-auth.session-token=abc.def; theme=dark',
    'a=1;b=2; a=3',
    'flag; x=%E2%9C%93; bad=%E0%A4%A',
    '',
  ])('reads %j as Next’s cookies() does', (header) => {
    const next = new RequestCookies(new Headers(header ? { cookie: header } : {}));
    expect(parseCookieHeader(header).getAll()).toEqual(next.getAll().map(({ name, value }) => ({ name, value })));
  });
});
