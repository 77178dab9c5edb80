import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

/** The environment as `npm start` and Docker give it. */
const production = (vars: Record<string, string> = {}) => parseEnv({ NODE_ENV: 'production', ...vars });
const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('with local storage: everything from MIST itself, scripts by nonce, blob: workers and media', () => {
    const policy = directives(contentSecurityPolicy('abc123', production()));
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy['worker-src']).toEqual(["'self'", 'blob:']);
    expect(policy['media-src']).toEqual(["'self'", 'blob:']);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy).not.toHaveProperty('upgrade-insecure-requests');
  });

  it('with S3: media, covers and playlists from S3_PUBLIC_URL, uploads to the upload endpoint', () => {
    const env = production({ S3_BUCKET: 'mist', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true', S3_PUBLIC_URL: 'https://cdn.example.org/mist', S3_UPLOAD_ENDPOINT: 'https://upload.example.org' });
    const policy = directives(contentSecurityPolicy('n', env));
    expect(policy['media-src']).toEqual(["'self'", 'blob:', 'https://cdn.example.org']);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://cdn.example.org']);
    expect(policy['connect-src']).toEqual(["'self'", 'https://cdn.example.org', 'https://upload.example.org']);
  });

  it('with S3 and no public URL: the bucket’s own address, as the SDK names it', () => {
    const policy = directives(contentSecurityPolicy('n', production({ S3_BUCKET: 'mist', S3_REGION: 'eu-west-3' })));
    expect(policy['media-src']).toEqual(["'self'", 'blob:', 'https://mist.s3.eu-west-3.amazonaws.com']);
    expect(policy['connect-src']).toEqual(["'self'", 'https://mist.s3.eu-west-3.amazonaws.com']);
  });

  it('lets `next dev` evaluate code and inject styles, and nothing else does', () => {
    const dev = directives(contentSecurityPolicy('n', parseEnv({ NODE_ENV: 'development' })));
    expect(dev['script-src']).toContain("'unsafe-eval'");
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives(contentSecurityPolicy('n', production()))['style-src']).toEqual(["'self'", "'nonce-n'"]);
  });

  it('upgrades insecure requests only when MIST is served over https', () => {
    expect(contentSecurityPolicy('n', production({ MIST_PUBLIC_URL: 'https://music.example.org' }))).toMatch(/; upgrade-insecure-requests$/);
    expect(contentSecurityPolicy('n', production({ MIST_PUBLIC_URL: 'http://music.lan' }))).not.toMatch(/upgrade-insecure-requests/);
  });
});

describe('securityHeaders', () => {
  it('sends HSTS only when MIST_PUBLIC_URL is https', () => {
    expect(securityHeaders(production({ MIST_PUBLIC_URL: 'https://music.example.org' }))['strict-transport-security']).toBe('max-age=31536000');
    expect(securityHeaders(production({ MIST_PUBLIC_URL: 'http://music.lan' }))).not.toHaveProperty('strict-transport-security');
    expect(securityHeaders(production())).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
  });
});
