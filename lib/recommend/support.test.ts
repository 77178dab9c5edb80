import { describe, expect, it } from 'vitest';
import { minSupportFor } from './support';

describe('minSupportFor', () => {
  it('takes a single co-listening on a household or club server', () => {
    for (const n of [0, 1, 3, 30, 100]) expect(minSupportFor(n)).toBe(1);
  });
  it('asks for more evidence as listeners grow, never falling, up to 15', () => {
    const values = [101, 160, 300, 1_000, 10_000, 100_000, 1_000_000, 10_000_000].map(minSupportFor);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(minSupportFor(160)).toBe(2);
    expect(minSupportFor(10_000)).toBe(8);
    expect(minSupportFor(1_000_000)).toBe(15);
    expect(minSupportFor(10_000_000)).toBe(15);
  });
});
