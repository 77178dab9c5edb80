import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseSimilarLimit, scoreOf } from './similar';

describe('parseSimilarLimit', () => {
  it('takes a whole number from 1 to 50, 10 when absent', () => {
    expect(parseSimilarLimit(null)).toBe(10);
    expect(parseSimilarLimit('1')).toBe(1);
    expect(parseSimilarLimit('50')).toBe(50);
    expect(parseSimilarLimit(' 7 ')).toBe(7);
  });

  it('refuses anything else with a 400 naming the field', () => {
    for (const bad of ['0', '51', '-1', '2.5', '1e1', 'ten', '', '0x10', '9999']) {
      let error: unknown;
      try {
        parseSimilarLimit(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).details.fieldErrors?.limit).toEqual(['limit must be a whole number from 1 to 50.']);
    }
  });
});

describe('scoreOf', () => {
  it('maps cosine distance 0..2 onto 1..0', () => {
    expect(scoreOf(0)).toBe(1);
    expect(scoreOf(1)).toBe(0.5);
    expect(scoreOf(2)).toBe(0);
    expect(scoreOf(2.0000001)).toBe(0);
    expect(scoreOf(-1e-9)).toBe(1);
  });
});
