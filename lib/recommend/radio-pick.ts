import type { Blended, WeightedSeed } from './blend';

/** The last tracks heard that count as seeds besides the radio's own seed. */
export const HEARD_SEEDS = 10;
/** What puts the station's own tracks (an album's, an artist's) ahead of everything else. */
export const LEAD_BOOST = 10;
/** How much a skipped track's neighbours and sound-alikes are pulled down, against a seed's 1. */
export const SKIP_WEIGHT = 1;

/**
 * What radio starts from: the radio's own seed tracks (a track; an artist's most played; an
 * album in order), each a little less than the one before, then the last tracks heard (most
 * recent first), which weigh less and fade faster: the station drifts with the listening but
 * keeps to its seed.
 */
export function radioSeeds(primary: readonly string[], heard: readonly string[]): WeightedSeed[] {
  return [
    ...primary.map((trackId, i) => ({ trackId, weight: 1 / (1 + i * 0.1) })),
    ...heard.slice(0, HEARD_SEEDS).map((trackId, i) => ({ trackId, weight: 0.6 / (1 + i * 0.3) })),
  ];
}

export type RadioRanking = {
  /** Candidates still above zero, best first. */
  ranked: string[];
  /** Candidates that skips pulled to zero or below, least pulled first: after any top-up. */
  pulledDown: string[];
};

/**
 * Orders radio's candidates: each scores what the seeds gave it, or LEAD_BOOST and its own
 * weight when it is one of the station's own tracks (`lead`: an album's tracks, in order; an
 * artist's, most played first), less
 * SKIP_WEIGHT × what the skipped tracks would have given it. Anything in `exclude` is left out.
 */
export function rankRadio(input: { candidates: ReadonlyMap<string, Blended>; penalties: ReadonlyMap<string, Blended>; lead: readonly WeightedSeed[]; exclude: ReadonlySet<string> }): RadioRanking {
  const scores = new Map<string, number>();
  for (const c of input.candidates.values()) scores.set(c.trackId, c.score);
  for (const l of input.lead) scores.set(l.trackId, LEAD_BOOST + l.weight);
  const all = [...scores]
    .filter(([id]) => !input.exclude.has(id))
    .map(([id, score]) => ({ id, score: score - SKIP_WEIGHT * (input.penalties.get(id)?.score ?? 0) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { ranked: all.filter((c) => c.score > 0).map((c) => c.id), pulledDown: all.filter((c) => c.score <= 0).map((c) => c.id) };
}
