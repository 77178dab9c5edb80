import { describe, expect, it } from 'vitest';
import { formatMinutes } from './ranges';

describe('time heard, as the history page writes it', () => {
  it('says seconds under half a minute, minutes and hours above', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(13 / 60)).toBe('13 s');
    expect(formatMinutes(0.001)).toBe('1 s');
    expect(formatMinutes(42.4)).toBe('42 min');
    expect(formatMinutes(135)).toBe('2 h 15 min');
  });
});
