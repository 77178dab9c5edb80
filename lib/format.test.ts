import { describe, expect, it } from 'vitest';
import { formatHeard } from './format';

describe('time heard, as history and analytics write it', () => {
  it('says seconds under half a minute, then minutes and hours', () => {
    expect(formatHeard(0)).toBe('0 min');
    expect(formatHeard(13_000)).toBe('13 s');
    expect(formatHeard(40)).toBe('1 s');
    expect(formatHeard(42.4 * 60_000)).toBe('42 min');
    expect(formatHeard(135 * 60_000)).toBe('2 h 15 min');
  });
});
