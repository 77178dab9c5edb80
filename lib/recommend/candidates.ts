import 'server-only';
import type { Db } from '@/db/client';
import { listNeighboursOfSeeds } from '@/db/queries/neighbours';
import { blend, groupBy, seedsNeedingSound, type Blended, type Scored, type WeightedSeed } from './blend';
import { findSimilarCandidates } from './similar';

/** Sound-alikes read per seed that needs them. */
const SOUND_PER_SEED = 10;

/**
 * Candidates from weighted seeds (see `blend`): their co-listening neighbours, and for at
 * most `soundSeeds` seeds that co-listening knows too little about, the tracks that sound
 * like them. A seed listed twice counts once, at its first place.
 */
export async function candidatesFromSeeds(db: Db, seeds: readonly WeightedSeed[], soundSeeds: number): Promise<Map<string, Blended>> {
  const seen = new Set<string>();
  const unique = seeds.filter((s) => !seen.has(s.trackId) && seen.add(s.trackId));
  if (unique.length === 0) return new Map();
  const neighbours = groupBy(await listNeighboursOfSeeds(db, unique.map((s) => s.trackId)), (n) => n.seedId);
  const sound = new Map<string, Scored[]>();
  // At once: on PostgreSQL the pool runs them side by side; PGlite takes them in turn.
  const needed = seedsNeedingSound(unique, neighbours, soundSeeds);
  const found = await Promise.all(needed.map((id) => findSimilarCandidates(db, id, { limit: SOUND_PER_SEED })));
  needed.forEach((id, i) => sound.set(id, found[i] ?? []));
  return blend(unique, neighbours, sound);
}
