import { PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * A bucket policy that lets anyone read `tracks/` (encrypted segments, playlists, covers) and
 * nothing else: no listing, no originals. For services that ignore object ACLs (MinIO) and AWS
 * buckets with ACLs turned off ("bucket owner enforced"), where `public-read` on each object
 * does nothing.
 */
export function publicReadPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MistPublicMedia',
        Effect: 'Allow',
        Principal: { AWS: ['*'] },
        Action: ['s3:GetObject'],
        Resource: [`arn:aws:s3:::${bucket}/tracks/*`],
      },
    ],
  };
}

/** Replaces the bucket's policy with publicReadPolicy (idempotent). */
export async function applyPublicReadPolicy(client: S3Client, bucket: string): Promise<void> {
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(publicReadPolicy(bucket)) }));
}
