import { describe, expect, it } from 'vitest';
import { corsRules, uploadOriginsFor } from './cors';
import { createS3Storage, publicBaseUrl, type S3StorageConfig } from './s3';

const aws: S3StorageConfig = { bucket: 'mist-media', region: 'eu-west-3', forcePathStyle: false };

describe('publicBaseUrl', () => {
  it('prefers S3_PUBLIC_URL (a CDN), without a trailing slash', () => {
    expect(publicBaseUrl({ ...aws, publicUrl: 'https://cdn.example.org/' })).toBe('https://cdn.example.org');
    expect(publicBaseUrl({ ...aws, publicUrl: 'https://cdn.example.org/mist', endpoint: 'http://minio:9000' })).toBe('https://cdn.example.org/mist');
  });
  it('uses the AWS virtual-hosted address by default', () => {
    expect(publicBaseUrl(aws)).toBe('https://mist-media.s3.eu-west-3.amazonaws.com');
    expect(publicBaseUrl({ ...aws, forcePathStyle: true })).toBe('https://s3.eu-west-3.amazonaws.com/mist-media');
  });
  it('puts the bucket in the path or the host of a custom endpoint', () => {
    expect(publicBaseUrl({ ...aws, endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })).toBe('http://127.0.0.1:9000/mist-media');
    expect(publicBaseUrl({ ...aws, endpoint: 'https://s3.example.org/', forcePathStyle: true })).toBe('https://s3.example.org/mist-media');
    expect(publicBaseUrl({ ...aws, endpoint: 'https://s3.example.org', forcePathStyle: false })).toBe('https://mist-media.s3.example.org');
  });
});

describe('S3 publicUrl', () => {
  it('appends the key and refuses unsafe ones', () => {
    const storage = createS3Storage({ ...aws, publicUrl: 'https://cdn.example.org' });
    expect(storage.publicUrl('tracks/a/v1/master.m3u8')).toBe('https://cdn.example.org/tracks/a/v1/master.m3u8');
    expect(() => storage.publicUrl('../x')).toThrow(/Invalid storage key/);
    storage.client.destroy();
  });
});

describe('CORS rules', () => {
  it('lets anyone read and only MIST upload', () => {
    const [read, upload] = corsRules(['https://music.example.org']);
    expect(read.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(read.AllowedOrigins).toEqual(['*']);
    expect(read.ExposeHeaders).toEqual(expect.arrayContaining(['Content-Length', 'Content-Range', 'ETag']));
    expect(upload.AllowedMethods).toEqual(['PUT']);
    expect(upload.AllowedOrigins).toEqual(['https://music.example.org']);
    expect(upload.AllowedHeaders).toContain('Content-Type');
  });
  it('takes the origin of MIST_PUBLIC_URL, or * when unset', () => {
    expect(uploadOriginsFor('https://music.example.org/some/path')).toEqual(['https://music.example.org']);
    expect(uploadOriginsFor('http://192.168.1.5:3000')).toEqual(['http://192.168.1.5:3000']);
    expect(uploadOriginsFor(undefined)).toEqual(['*']);
  });
});

describe('presigned uploads behind a proxy (S3_UPLOAD_ENDPOINT)', () => {
  const minio: S3StorageConfig = { bucket: 'mist-media', region: 'us-east-1', endpoint: 'http://minio:9000', forcePathStyle: true, accessKeyId: 'mist', secretAccessKey: 'minio secret' };
  const presign = async (config: S3StorageConfig) => {
    const storage = createS3Storage(config);
    const { url } = await storage.presignUpload!('originals/t/source', { contentType: 'audio/flac', size: 10 });
    storage.client.destroy();
    return new URL(url);
  };

  it('signs for the address browsers use, not the one MIST reaches the service at', async () => {
    const url = await presign({ ...minio, uploadEndpoint: 'https://music.example.org' });
    expect(url.origin).toBe('https://music.example.org');
    expect(url.pathname).toBe('/mist-media/originals/t/source');
    // The host is signed: a proxy must pass it unchanged (deploy/Caddyfile does).
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('host');
  });

  it('signs for S3_ENDPOINT when no upload endpoint is given', async () => {
    expect((await presign(minio)).origin).toBe('http://minio:9000');
  });
});
