import 'server-only';
import type { Db } from '@/db/client';
import { listNeighboursOfSeeds, listRecentlyStartedTrackIds, listTasteSeeds, type TasteSeed } from '@/db/queries/for-you';
import { listReadyTrackSummaries } from '@/db/queries/similar';
import type { TrackSummary } from '@/db/queries/tracks';
import { diversify } from './diversify';
import { findSimilarTracks, parseLimitParam } from './similar';

export const FOR_YOU_DEFAULT_LIMIT = 20;
export const FOR_YOU_MAX_LIMIT = 100;
/** Recent plays and likes "For you" starts from (each). */
const SEEDS = 20;
/** Seeds whose neighbours are topped up from the sound when co-listening knows too little. */
const CONTENT_SEEDS = 5;
/** Neighbours at which co-listening is trusted alone for a seed. */
const ENOUGH_NEIGHBOURS = 10;
/** How much a sound-alike counts against a co-listening neighbour of the same strength. */
const CONTENT_TRUST = 0.5;
/** What the listener started this recently is not offered again. */
const RECENT_DAYS = 7;

export type ForYouTrack = TrackSummary & { because: { trackId: string; title: string } };

export const parseForYouLimit = (value: string | null) => parseLimitParam(value, FOR_YOU_DEFAULT_LIMIT, FOR_YOU_MAX_LIMIT);

type Candidate = { trackId: string; score: number; because: TasteSeed; best: number };

/**
 * Tracks for this listener, best first, each with the play or like it comes from.
 *
 * Seeds are the listener's latest distinct plays and likes, newer ones weighing more. Each
 * seed's co-listening neighbours count with their scores as the neighbour build left them
 * (comparable across seeds: a seed whose neighbours are strong says more), as much as
 * co-listening knows about the seed: fully with ENOUGH_NEIGHBOURS or more; with fewer (a new
 * server, a new track) the rest of the seed's weight goes to the tracks that sound like it,
 * in co-listening's units at CONTENT_TRUST. (Scores relative to each seed's best neighbour,
 * and sound-alikes at full weight, scored 0.131 against 0.250 by npm run eval:recommend.)
 * A candidate's score is the sum over seeds; `because` is the seed that gave it most. What
 * the listener started in the last 7 days (played or skipped) and the seeds themselves are
 * left out; at most 2 per artist in any 10.
 */
export async function recommendForYou(db: Db, userId: string, limit: number): Promise<ForYouTrack[]> {
  const seeds = dedupeSeeds(await listTasteSeeds(db, userId, SEEDS));
  if (seeds.length === 0) return [];
  const [neighbours, recent] = await Promise.all([listNeighboursOfSeeds(db, seeds.map((s) => s.trackId)), listRecentlyStartedTrackIds(db, userId, RECENT_DAYS)]);
  const bySeed = new Map<string, { trackId: string; score: number }[]>();
  for (const n of neighbours) (bySeed.get(n.seedId) ?? bySeed.set(n.seedId, []).get(n.seedId)!).push(n);

  const seedIds = new Set(seeds.map((s) => s.trackId));
  const candidates = new Map<string, Candidate>();
  const add = (trackId: string, amount: number, seed: TasteSeed) => {
    if (amount <= 0 || seedIds.has(trackId) || recent.has(trackId)) return;
    const c = candidates.get(trackId) ?? { trackId, score: 0, because: seed, best: 0 };
    c.score += amount;
    if (amount > c.best) Object.assign(c, { best: amount, because: seed });
    candidates.set(trackId, c);
  };

  // Sound-alikes count in co-listening's units: a perfect sound-alike as much as the best
  // neighbour any seed has (1 when co-listening knows nothing yet), times CONTENT_TRUST.
  const scale = Math.max(0, ...neighbours.map((n) => n.score)) || 1;
  let contentSeeds = 0;
  for (const [i, seed] of seeds.entries()) {
    const weight = (seed.source === 'like' ? 1.2 : 1) / (1 + i * 0.15);
    const list = bySeed.get(seed.trackId) ?? [];
    const evidence = Math.min(1, list.length / ENOUGH_NEIGHBOURS);
    for (const n of list) add(n.trackId, weight * evidence * n.score, seed);
    if (evidence < 1 && contentSeeds < CONTENT_SEEDS) {
      contentSeeds++;
      for (const t of (await findSimilarTracks(db, seed.trackId, { limit: 10 })) ?? []) add(t.id, weight * (1 - evidence) * CONTENT_TRUST * scale * t.score, seed);
    }
  }

  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || a.trackId.localeCompare(b.trackId)).slice(0, limit * 4 + 10);
  const summaries = new Map((await listReadyTrackSummaries(db, ranked.map((c) => c.trackId))).map((t) => [t.id, t]));
  const found = ranked.flatMap((c) => {
    const track = summaries.get(c.trackId);
    return track ? [{ ...track, because: { trackId: c.because.trackId, title: c.because.title } }] : [];
  });
  return diversify(found, (t) => t.artistId, { limit });
}

/** A track both played and liked is one seed, at its newer place. */
function dedupeSeeds(seeds: TasteSeed[]): TasteSeed[] {
  const seen = new Set<string>();
  return seeds.filter((s) => !seen.has(s.trackId) && seen.add(s.trackId));
}
