import { describe, expect, it } from 'vitest';
import { isPositionKey, keyBetween, keysBetween } from './position-keys';

/** Byte-wise order, as PostgreSQL sorts a COLLATE "C" column. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const sortedBytewise = (keys: string[]) => [...keys].sort(byteOrder);

describe('position keys', () => {
  it('starts at a0 and puts keys before, after and between', () => {
    expect(keyBetween(null, null)).toBe('a0');
    const after = keyBetween('a0', null);
    const before = keyBetween(null, 'a0');
    const between = keyBetween('a0', after);
    expect(sortedBytewise([after, between, 'a0', before])).toEqual([before, 'a0', between, after]);
  });

  it('appends and prepends 10,000 times in order with short keys', () => {
    const appended = [keyBetween(null, null)];
    const prepended = [appended[0]!];
    for (let i = 0; i < 10_000; i++) {
      appended.push(keyBetween(appended[appended.length - 1]!, null));
      prepended.unshift(keyBetween(null, prepended[0]!));
    }
    for (const keys of [appended, prepended]) {
      expect(sortedBytewise(keys)).toEqual(keys);
      expect(new Set(keys).size).toBe(keys.length);
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(4);
    }
  });

  it('fits 1,000 keys one after another into the same gap, each strictly between its neighbours', () => {
    const keys = ['a0', 'a1'];
    for (let i = 0; i < 1_000; i++) keys.splice(1, 0, keyBetween(keys[0]!, keys[1]!));
    expect(sortedBytewise(keys)).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every(isPositionKey)).toBe(true);
  });

  it('makes many keys between two neighbours at once, bisecting so they stay short', () => {
    const keys = keysBetween('a0', 'a1', 500);
    expect(keys).toHaveLength(500);
    expect(sortedBytewise(['a1', ...keys, 'a0'])).toEqual(['a0', ...keys, 'a1']);
    expect(new Set(keys).size).toBe(500);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(2 + 10);
    expect(keysBetween(null, 'a0', 3)).toEqual(sortedBytewise(keysBetween(null, 'a0', 3)));
    expect(keysBetween('a0', null, 3).every((k) => k > 'a0')).toBe(true);
    expect(keysBetween('a0', null, 0)).toEqual([]);
  });

  it('keeps a list in the order of 5,000 random inserts and moves, writing one key each', () => {
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const list: { id: number; key: string }[] = [];
    for (let op = 0; op < 5_000; op++) {
      const moving = list.length > 2 && random(2) === 0 ? list.splice(random(list.length), 1)[0]! : { id: op, key: '' };
      const at = random(list.length + 1);
      moving.key = keyBetween(list[at - 1]?.key ?? null, list[at]?.key ?? null);
      list.splice(at, 0, moving);
    }
    const byKey = [...list].sort((a, b) => byteOrder(a.key, b.key));
    expect(byKey.map((i) => i.id)).toEqual(list.map((i) => i.id));
  });

  it('refuses bounds out of order and keys it could not have made', () => {
    expect(() => keyBetween('a1', 'a0')).toThrow();
    expect(() => keyBetween('a0', 'a0')).toThrow();
    expect(() => keyBetween('a10', null)).toThrow(); // a trailing zero: nothing fits before it
    expect(() => keyBetween('!x', null)).toThrow();
    expect(isPositionKey('a0V')).toBe(true);
    expect(isPositionKey('')).toBe(false);
    expect(isPositionKey('b0')).toBe(false); // 'b' takes three characters of integer
  });
});
