import { describe, expect, it } from 'vitest';
import { artistCapHolds, diversify } from './diversify';

type Item = { id: string; artist: string | null };
const items = (spec: string): Item[] => [...spec].map((a, i) => ({ id: `${a}${i}`, artist: a === '-' ? null : a }));
const artists = (list: Item[]) => list.map((i) => i.artist ?? '-').join('');
const byArtist = (i: Item) => i.artist;

/** Every run of `window` consecutive items holds at most `cap` of any artist. */
function worstWindow(list: Item[], window = 10): number {
  let worst = 0;
  for (let s = 0; s < list.length; s++) {
    const counts = new Map<string, number>();
    for (const i of list.slice(s, s + window)) if (i.artist) counts.set(i.artist, (counts.get(i.artist) ?? 0) + 1);
    worst = Math.max(worst, ...counts.values(), 0);
  }
  return worst;
}

describe('diversify', () => {
  it('keeps the ranking when no artist repeats too often', () => {
    const ranked = items('abcdefghij');
    expect(diversify(ranked, byArtist, { limit: 10 })).toEqual(ranked);
  });

  it('holds back a third track by one artist until ten results have passed', () => {
    const out = diversify(items('aaaabcdefghijklm'), byArtist, { limit: 14 });
    expect(artists(out)).toBe('aabcdefghiaajk');
    expect(worstWindow(out)).toBeLessThanOrEqual(2);
    // The held-back tracks keep their own order.
    expect(out.filter((i) => i.artist === 'a').map((i) => i.id)).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('never puts more than two of an artist in any ten in a long mixed ranking', () => {
    const spec = 'aaabbbcccaaadddeeefffggghhhiiijjjkkklllmmm';
    const out = diversify(items(spec), byArtist, { limit: 30 });
    expect(out).toHaveLength(30);
    expect(worstWindow(out)).toBe(2);
    expect(new Set(out.map((i) => i.id)).size).toBe(30);
  });

  it('fills with the rest in ranking order when the catalog has nothing else', () => {
    const out = diversify(items('aaaab'), byArtist, { limit: 5 });
    expect(out.map((i) => i.id)).toEqual(['a0', 'a1', 'b4', 'a2', 'a3']);
  });

  it('never caps tracks without an artist, and stops at the limit or when the list runs out', () => {
    expect(artists(diversify(items('----a'), byArtist, { limit: 5 }))).toBe('----a');
    expect(diversify(items('abc'), byArtist, { limit: 2 })).toHaveLength(2);
    expect(diversify(items('ab'), byArtist, { limit: 10 })).toHaveLength(2);
    expect(diversify([], byArtist, { limit: 10 })).toEqual([]);
  });
});

describe('artistCapHolds', () => {
  it('holds when no artist has more than two in any ten, and fails when a fill had to break it', () => {
    expect(artistCapHolds(items('aabbcaddee'), byArtist)).toBe(false); // a: 3 in ten
    expect(artistCapHolds(items('aabbccddeeaabb'), byArtist)).toBe(true); // a: never more than 2 in any ten
    expect(artistCapHolds(items('aabbccddeeffgghhiiaa'), byArtist)).toBe(true);
    expect(artistCapHolds(diversify(items('aaaab'), byArtist, { limit: 5 }), byArtist)).toBe(false);
    expect(artistCapHolds(items('----aa'), byArtist)).toBe(true);
    expect(artistCapHolds([], byArtist)).toBe(true);
  });
});
