import { describe, expect, it } from 'vitest';
import { formatAgo, formatHeard } from './format';

describe('time heard, as history and analytics write it', () => {
  it('says seconds under half a minute, then minutes and hours', () => {
    expect(formatHeard(0)).toBe('0 min');
    expect(formatHeard(13_000)).toBe('13 s');
    expect(formatHeard(40)).toBe('1 s');
    expect(formatHeard(42.4 * 60_000)).toBe('42 min');
    expect(formatHeard(135 * 60_000)).toBe('2 h 15 min');
  });
});

describe('how long ago, as the account page says when a device was last active', () => {
  it('counts in the largest whole unit', () => {
    const now = Date.parse('2027-01-10T12:00:00Z');
    const ago = (ms: number) => formatAgo(new Date(now - ms), now);
    expect(ago(20_000)).toBe('just now');
    expect(ago(60_000)).toBe('1 minute ago');
    expect(ago(59 * 60_000)).toBe('59 minutes ago');
    expect(ago(61 * 60_000)).toBe('1 hour ago');
    expect(ago(47 * 3_600_000)).toBe('47 hours ago');
    expect(ago(3 * 86_400_000)).toBe('3 days ago');
  });
});
