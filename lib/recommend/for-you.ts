import 'server-only';
import type { Db } from '@/db/client';
import { listRecentlyStartedTrackIds, listTasteSeeds, type TasteSeed } from '@/db/queries/for-you';
import { listReadyTrackSummaries } from '@/db/queries/similar';
import type { TrackSummary } from '@/db/queries/tracks';
import { diversify } from './diversify';
import { candidatesFromSeeds } from './candidates';
import { parseLimitParam } from './similar';

export const FOR_YOU_DEFAULT_LIMIT = 20;
export const FOR_YOU_MAX_LIMIT = 100;
/** Recent plays and likes "For you" starts from (each). */
const SEEDS = 20;
/** Seeds whose neighbours are topped up from the sound when co-listening knows too little. */
const CONTENT_SEEDS = 5;
/** What the listener started this recently is not offered again. */
const RECENT_DAYS = 7;

export type ForYouTrack = TrackSummary & { because: { trackId: string; title: string } };

export const parseForYouLimit = (value: string | null) => parseLimitParam(value, FOR_YOU_DEFAULT_LIMIT, FOR_YOU_MAX_LIMIT);

/**
 * Tracks for this listener, best first, each with the play or like it comes from.
 *
 * Seeds are the listener's latest distinct plays and likes, newer ones weighing more, blended
 * by evidence (see `blend`): co-listening where it knows enough, the sound where it knows
 * little (a new server, a new track). `because` is the seed that gave a track most. What the
 * listener started in the last 7 days (played or skipped) and the seeds themselves are left
 * out; at most 2 per artist in any 10.
 */
export async function recommendForYou(db: Db, userId: string, limit: number): Promise<ForYouTrack[]> {
  const seeds = dedupeSeeds(await listTasteSeeds(db, userId, SEEDS));
  if (seeds.length === 0) return [];
  const [candidates, recent] = await Promise.all([
    candidatesFromSeeds(db, seeds.map((s, i) => ({ trackId: s.trackId, weight: (s.source === 'like' ? 1.2 : 1) / (1 + i * 0.15) })), CONTENT_SEEDS),
    listRecentlyStartedTrackIds(db, userId, RECENT_DAYS),
  ]);
  const bySeed = new Map(seeds.map((s) => [s.trackId, s]));
  const ranked = [...candidates.values()]
    .filter((c) => !bySeed.has(c.trackId) && !recent.has(c.trackId))
    .sort((a, b) => b.score - a.score || a.trackId.localeCompare(b.trackId))
    .slice(0, limit * 4 + 10);
  const summaries = new Map((await listReadyTrackSummaries(db, ranked.map((c) => c.trackId))).map((t) => [t.id, t]));
  const found = ranked.flatMap((c) => {
    const track = summaries.get(c.trackId);
    const because = bySeed.get(c.seedId)!;
    return track ? [{ ...track, because: { trackId: because.trackId, title: because.title } }] : [];
  });
  return diversify(found, (t) => t.artistId, { limit });
}

/** A track both played and liked is one seed, at its newer place. */
function dedupeSeeds(seeds: TasteSeed[]): TasteSeed[] {
  const seen = new Set<string>();
  return seeds.filter((s) => !seen.has(s.trackId) && seen.add(s.trackId));
}
