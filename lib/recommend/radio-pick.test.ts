import { describe, expect, it } from 'vitest';
import { blend, CONTENT_TRUST, type Blended, type Scored } from './blend';
import { diversify } from './diversify';
import { HEARD_SEEDS, radioSeeds, rankRadio } from './radio-pick';

const scored = (...pairs: [string, number][]): Scored[] => pairs.map(([trackId, score]) => ({ trackId, score }));
const candidates = (pairs: [string, number][]) => new Map<string, Blended>(pairs.map(([trackId, score]) => [trackId, { trackId, score, seedId: 'seed', best: score }]));

describe('radioSeeds', () => {
  it('puts the station’s own seeds first, then what was heard, the most recent weighing most, fading faster', () => {
    const seeds = radioSeeds(['s1', 's2'], ['h1', 'h2', 'h3']);
    expect(seeds.map((s) => s.trackId)).toEqual(['s1', 's2', 'h1', 'h2', 'h3']);
    expect(seeds[0]!.weight).toBeGreaterThan(seeds[1]!.weight);
    expect(seeds[1]!.weight).toBeGreaterThan(seeds[2]!.weight);
    expect(seeds[2]!.weight).toBeGreaterThan(seeds[3]!.weight);
    expect(radioSeeds(['s'], Array.from({ length: 30 }, (_, i) => `h${i}`))).toHaveLength(1 + HEARD_SEEDS);
  });
});

describe('blend', () => {
  const ten = scored(...Array.from({ length: 10 }, (_, i) => [`n${i}`, 10 - i] as [string, number]));

  it('trusts co-listening alone for a seed with enough neighbours, with the scores the build gave', () => {
    const out = blend([{ trackId: 's', weight: 1 }], new Map([['s', ten]]), new Map([['s', scored(['sound', 0.9])]]));
    expect(out.get('n0')!.score).toBeCloseTo(10);
    expect(out.get('n9')!.score).toBeCloseTo(1);
    expect(out.has('sound')).toBe(false);
  });

  it('gives the sound what co-listening does not know, and sums over seeds, naming the seed that gave most', () => {
    const neighbours = new Map([['a', scored(['x', 2], ['y', 1])]]);
    const sound = new Map([['a', scored(['z', 0.5])], ['b', scored(['x', 0.9])]]);
    const out = blend([{ trackId: 'a', weight: 1 }, { trackId: 'b', weight: 0.5 }], neighbours, sound);
    // a: 2 neighbours of 10 → evidence 0.2; b: none → all sound. A perfect sound-alike
    // counts CONTENT_TRUST times the best neighbour any seed has (2 here).
    const unit = CONTENT_TRUST * 2;
    expect(out.get('x')!.score).toBeCloseTo(0.2 * 2 + 0.5 * unit * 0.9);
    // x: 0.4 from a's neighbours, 0.45 from b's sound: b gave most.
    expect(out.get('x')!.seedId).toBe('b');
    expect(out.get('y')!.score).toBeCloseTo(0.2 * 1);
    expect(out.get('z')!.score).toBeCloseTo(0.8 * unit * 0.5);
  });

  it('scales sound-alikes against 1 while co-listening knows nothing at all', () => {
    const out = blend([{ trackId: 'a', weight: 1 }], new Map(), new Map([['a', scored(['z', 0.8])]]));
    expect(out.get('z')!.score).toBeCloseTo(CONTENT_TRUST * 0.8);
  });
});

describe('rankRadio', () => {
  it('ranks by score, leaves out what is excluded, and puts the station’s own tracks first', () => {
    const { ranked, pulledDown } = rankRadio({
      candidates: candidates([['a', 0.9], ['b', 0.5], ['gone', 2]]),
      penalties: new Map(),
      lead: [{ trackId: 'own', weight: 1 }, { trackId: 'b', weight: 0.9 }],
      exclude: new Set(['gone']),
    });
    expect(ranked).toEqual(['own', 'b', 'a']);
    expect(pulledDown).toEqual([]);
  });

  it('pulls down what skipped tracks lead to, below zero after everything else', () => {
    const base = { candidates: candidates([['a', 1], ['b', 0.8], ['c', 0.6], ['d', 0.2]]), lead: [], exclude: new Set<string>() };
    expect(rankRadio({ ...base, penalties: new Map() }).ranked).toEqual(['a', 'b', 'c', 'd']);
    const pulled = rankRadio({ ...base, penalties: candidates([['a', 0.5], ['d', 1]]) });
    expect(pulled.ranked).toEqual(['b', 'c', 'a']);
    expect(pulled.pulledDown).toEqual(['d']);
  });
});

describe('diversify with what came before', () => {
  it('counts the tracks before the list towards the artist cap', () => {
    const items = [{ id: 1, artist: 'X' }, { id: 2, artist: 'Y' }, { id: 3, artist: 'X' }];
    expect(diversify(items, (i) => i.artist, { limit: 3 }).map((i) => i.id)).toEqual([1, 2, 3]);
    expect(diversify(items, (i) => i.artist, { limit: 3, preceding: ['X', 'X'] }).map((i) => i.id)).toEqual([2, 1, 3]);
    // Nine others later, X is free again.
    expect(diversify(items, (i) => i.artist, { limit: 3, preceding: ['X', 'X', ...'abcdefghi'] }).map((i) => i.id)).toEqual([1, 2, 3]);
  });
});
