import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { crossSiteRefusal, isMistOrigin, type RequestSite } from './origin';

const withEnv = (vars: Record<string, string>) => (globalThis.__mistEnv = parseEnv(vars));
afterEach(() => {
  globalThis.__mistEnv = undefined;
});

const post = (facts: Partial<RequestSite>): RequestSite => ({ method: 'POST', host: 'music.example.org', origin: null, secFetchSite: null, authorization: null, ...facts });

describe('isMistOrigin', () => {
  it('is the Host the request was sent to when MIST_PUBLIC_URL is unset, default ports alike', () => {
    withEnv({});
    expect(isMistOrigin('https://music.example.org', 'music.example.org')).toBe(true);
    expect(isMistOrigin('https://music.example.org', 'music.example.org:443')).toBe(true);
    expect(isMistOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(isMistOrigin('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(isMistOrigin('https://evil.example', 'music.example.org')).toBe(false);
    expect(isMistOrigin('null', 'music.example.org')).toBe(false);
    expect(isMistOrigin('https://music.example.org', null)).toBe(false);
  });

  it('is MIST_PUBLIC_URL’s origin when set, whatever the Host says', () => {
    withEnv({ MIST_PUBLIC_URL: 'https://music.example.org/' });
    expect(isMistOrigin('https://music.example.org', 'internal:3000')).toBe(true);
    expect(isMistOrigin('http://music.example.org', 'music.example.org')).toBe(false);
    expect(isMistOrigin('https://evil.example', 'evil.example')).toBe(false);
  });
});

describe('crossSiteRefusal', () => {
  it('lets safe methods through from anywhere', () => {
    withEnv({});
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(crossSiteRefusal(post({ method, origin: 'https://evil.example', secFetchSite: 'cross-site' }))).toBeNull();
  });

  it('refuses what the browser says came from another site or origin', () => {
    withEnv({});
    for (const secFetchSite of ['cross-site', 'same-site']) expect(crossSiteRefusal(post({ secFetchSite, origin: 'https://music.example.org' }))?.status).toBe(403);
    expect(crossSiteRefusal(post({ origin: 'https://evil.example' }))?.status).toBe(403);
    expect(crossSiteRefusal(post({ origin: 'null' }))?.status).toBe(403);
  });

  it('lets same-origin requests through, by Sec-Fetch-Site or, without it, by Origin', () => {
    withEnv({});
    expect(crossSiteRefusal(post({ secFetchSite: 'same-origin' }))).toBeNull();
    expect(crossSiteRefusal(post({ origin: 'https://music.example.org' }))).toBeNull();
  });

  it('exempts API tokens, and only them', () => {
    withEnv({});
    expect(crossSiteRefusal(post({ authorization: 'Bearer mist_abc', origin: 'https://evil.example', secFetchSite: 'cross-site' }))).toBeNull();
    // A browser may attach Basic credentials it remembers by itself.
    expect(crossSiteRefusal(post({ authorization: 'Basic dTpw', origin: 'https://evil.example' }))?.status).toBe(403);
  });

  it('lets a request with neither Origin nor Sec-Fetch-Site through: not a browser acting for someone', () => {
    withEnv({});
    expect(crossSiteRefusal(post({}))).toBeNull();
  });
});
