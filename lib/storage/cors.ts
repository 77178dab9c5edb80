import { PutBucketCorsCommand, type CORSRule, type S3Client } from '@aws-sdk/client-s3';

/**
 * The bucket's CORS rules:
 * - GET and HEAD from any origin: segments, playlists and covers are public (segments are
 *   encrypted; the key is the secret) and players fetch them from the app's pages, with
 *   `Range` and conditional headers. Any request header is allowed: on public, read-only
 *   objects without credentials that grants nothing, and it spares a player that adds a
 *   header a mysterious preflight failure.
 * - PUT only from the app's own origin(s): the browser sends originals straight to the
 *   bucket with a presigned URL (the signature is the authorisation; CORS just lets the
 *   page read the answer).
 */
export function corsRules(uploadOrigins: string[]): CORSRule[] {
  return [
    {
      ID: 'mist-public-read',
      AllowedMethods: ['GET', 'HEAD'],
      AllowedOrigins: ['*'],
      AllowedHeaders: ['*'],
      ExposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
      MaxAgeSeconds: 3600,
    },
    {
      ID: 'mist-presigned-upload',
      AllowedMethods: ['PUT'],
      AllowedOrigins: uploadOrigins,
      AllowedHeaders: ['Content-Type'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3600,
    },
  ];
}

/** Replaces the bucket's CORS configuration with MIST's (idempotent). */
export async function applyCors(client: S3Client, bucket: string, uploadOrigins: string[]): Promise<CORSRule[]> {
  if (uploadOrigins.length === 0) throw new Error('applyCors needs at least one upload origin (or "*").');
  const rules = corsRules(uploadOrigins);
  await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
  return rules;
}

/** The upload origin for MIST_PUBLIC_URL (`https://music.example.org/x` → `https://music.example.org`), or `*`. */
export function uploadOriginsFor(publicUrl: string | undefined): string[] {
  return publicUrl ? [new URL(publicUrl).origin] : ['*'];
}
