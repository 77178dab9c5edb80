import { describe, expect, it } from 'vitest';
import { publicReadPolicy } from './bucket-policy';

describe('publicReadPolicy', () => {
  it('lets anyone get objects under tracks/ and nothing else', () => {
    const { Statement } = publicReadPolicy('mist-media');
    expect(Statement).toHaveLength(1);
    expect(Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:GetObject'] });
    // No listing, no originals: the resource is the tracks/ folder of this bucket only.
    expect(Statement[0]!.Resource).toEqual(['arn:aws:s3:::mist-media/tracks/*']);
  });
});
