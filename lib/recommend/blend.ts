/** A track recommendations start from, and how much it counts. */
export type WeightedSeed = { trackId: string; weight: number };
/** A track found from a seed with a score (co-listening or sound). */
export type Scored = { trackId: string; score: number };
/** A candidate: the sum over seeds, and the seed that gave it most. */
export type Blended = { trackId: string; score: number; seedId: string; best: number };

/** Neighbours at which co-listening is trusted alone for a seed. */
export const ENOUGH_NEIGHBOURS = 10;

/** How much co-listening knows about a seed with these neighbours: 0 (nothing) to 1 (enough). */
export const evidenceOf = (neighbours: readonly Scored[]) => Math.min(1, neighbours.length / ENOUGH_NEIGHBOURS);

/**
 * The seeds whose sound-alikes are needed: the first `max` (best weighed first) for which
 * co-listening knows too little to be trusted alone.
 */
export function seedsNeedingSound(seeds: readonly WeightedSeed[], neighbours: ReadonlyMap<string, readonly Scored[]>, max: number): string[] {
  return seeds.filter((s) => evidenceOf(neighbours.get(s.trackId) ?? []) < 1).slice(0, max).map((s) => s.trackId);
}

/** How much a sound-alike counts against a co-listening neighbour of the same strength. */
export const CONTENT_TRUST = 0.5;

/**
 * Candidates from seeds, blended by evidence: each seed's co-listening neighbours count with
 * their scores as the neighbour build left them (comparable across seeds: a seed whose
 * neighbours are strong says more), as much as co-listening knows about the seed, and the
 * rest of the seed's weight goes to the tracks that sound like it (where `sound` has them),
 * in co-listening's units: a perfect sound-alike counts CONTENT_TRUST times the best
 * neighbour any seed has (times 1 while co-listening knows nothing). A candidate's score is
 * the sum over seeds. Seeds are not left out here: callers decide. (Scores relative to each
 * seed's best neighbour, and sound-alikes at full weight, scored hit rate@10 0.131 against
 * 0.250 in npm run eval:recommend.)
 */
export function blend(seeds: readonly WeightedSeed[], neighbours: ReadonlyMap<string, readonly Scored[]>, sound: ReadonlyMap<string, readonly Scored[]>): Map<string, Blended> {
  const candidates = new Map<string, Blended>();
  const add = (trackId: string, amount: number, seedId: string) => {
    if (!(amount > 0)) return;
    const c = candidates.get(trackId) ?? { trackId, score: 0, seedId, best: 0 };
    c.score += amount;
    if (amount > c.best) Object.assign(c, { best: amount, seedId });
    candidates.set(trackId, c);
  };
  let scale = 0;
  for (const list of neighbours.values()) for (const n of list) scale = Math.max(scale, n.score);
  scale = (scale || 1) * CONTENT_TRUST;
  for (const seed of seeds) {
    const list = neighbours.get(seed.trackId) ?? [];
    const evidence = evidenceOf(list);
    for (const n of list) add(n.trackId, seed.weight * evidence * n.score, seed.trackId);
    for (const t of sound.get(seed.trackId) ?? []) add(t.trackId, seed.weight * (1 - evidence) * scale * t.score, seed.trackId);
  }
  return candidates;
}

/** Rows keyed by one of their fields, in order: `[{ seedId, … }]` → seedId → rows. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) (out.get(key(row)) ?? out.set(key(row), []).get(key(row))!).push(row);
  return out;
}
