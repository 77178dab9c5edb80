import { describe, expect, it } from 'vitest';
import { parseRange } from './range';

const size = 1000;

describe('parseRange', () => {
  it('serves the whole file without a Range header', () => {
    expect(parseRange(null, size)).toEqual({ kind: 'full' });
    expect(parseRange('', size)).toEqual({ kind: 'full' });
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, 999],
    ['bytes=-100', 900, 999],
    ['bytes=-5000', 0, 999], // suffix longer than the file: all of it
    ['bytes=990-5000', 990, 999], // clamped to the end
    ['bytes=999-999', 999, 999],
    ['bytes = 10 - 20', 10, 20],
    ['BYTES=0-0', 0, 0],
  ])('%s → %i-%i', (header, start, end) => {
    expect(parseRange(header, size)).toEqual({ kind: 'partial', start, end });
  });

  it.each(['bytes=1000-', 'bytes=1000-1001', 'bytes=5000-6000', 'bytes=-0'])('%s is unsatisfiable', (header) => {
    expect(parseRange(header, size)).toEqual({ kind: 'unsatisfiable' });
  });

  it('finds nothing satisfiable in an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([
    ['several ranges', 'bytes=0-1,5-6'],
    ['several ranges, one unsatisfiable', 'bytes=0-1, 5000-6000'],
    ['another unit', 'items=0-1'],
    ['reversed', 'bytes=20-10'],
    ['no numbers', 'bytes=-'],
    ['garbage', 'bytes=abc'],
    ['negative', 'bytes=-1-2'],
  ])('ignores %s and serves the whole file', (_what, header) => {
    expect(parseRange(header, size)).toEqual({ kind: 'full' });
  });
});
