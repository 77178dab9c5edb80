import 'server-only';
import type { Db } from '@/db/client';
import { isReadyTrack, listNearestTracks, listReadyTrackSummaries, type SimilarCandidate } from '@/db/queries/similar';
import type { TrackSummary } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import { artistCapHolds, diversify } from './diversify';

export const SIMILAR_DEFAULT_LIMIT = 10;
export const SIMILAR_MAX_LIMIT = 50;

/**
 * Below this cosine distance two tracks are the same recording in another file. Measured by
 * `npm run eval:similar` (extractor version 2): a track re-encoded as 192 kbps MP3 lands 1.6e-6
 * from its FLAC, while the closest two different tracks it makes (the same noise through
 * nearly the same band-pass) are 7.8e-5 apart: 1e-5 sits between them with a margin of 6x
 * below and 7.8x above. (Version 1 measured 4.2e-6 and 4.4e-4 with 1e-4: the pitch-invariant
 * embedding puts different tracks of one timbre closer together.)
 */
export const DUPLICATE_DISTANCE = 1e-5;

/** `?limit=` as sent (null when absent): a whole number from 1 to `max`, else a 400 that says so. */
export function parseLimitParam(value: string | null, fallback: number, max: number): number {
  if (value === null) return fallback;
  const n = /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (n >= 1 && n <= max) return n;
  const message = `limit must be a whole number from 1 to ${max}.`;
  throw new AppError('validation_failed', `Invalid input. limit: ${message}`, { fieldErrors: { limit: [message] } });
}

export const parseSimilarLimit = (value: string | null) => parseLimitParam(value, SIMILAR_DEFAULT_LIMIT, SIMILAR_MAX_LIMIT);

export type SimilarTrack = TrackSummary & { score: number };

/** Cosine distance (0–2) as a 0–1 score: 1 is the same direction, 0 the opposite. */
export const scoreOf = (distance: number) => Math.min(1, Math.max(0, 1 - distance / 2));

/** A track that sounds like the seed, before its summary is read: what blending needs. */
export type SoundAlike = { trackId: string; artistId: string | null; score: number };

/**
 * Ready tracks that sound like `trackId`, best first, at most 2 per artist in any 10 (unless
 * the candidates hold nothing else), as ids with scores. Undefined when the track is not a
 * ready track; an empty list when it is ready but has no features yet. Candidates are
 * over-fetched (2 × limit + 5, then 4 × limit + 10 when those cannot fill the list within the
 * artist cap) so that the cap still leaves a full list. `efSearch` and `exact` (a scan without
 * the index) are for npm run bench:similar.
 */
export async function findSimilarCandidates(db: Db, trackId: string, options: { limit?: number; efSearch?: number; exact?: boolean } = {}): Promise<SoundAlike[] | undefined> {
  const limit = Math.max(1, Math.min(SIMILAR_MAX_LIMIT, Math.floor(options.limit ?? SIMILAR_DEFAULT_LIMIT)));
  const nearest = (k: number) => listNearestTracks(db, trackId, { k, duplicateDistance: DUPLICATE_DISTANCE, efSearch: options.efSearch, exact: options.exact });
  const pick = (candidates: SimilarCandidate[]) => diversify(candidates, (t) => t.artistId, { limit });
  // Most searches fill the list from the nearest 2 × limit + 5; when those cannot (too few, or
  // too many by one artist) and there are more, a wider search gives the artist cap more to
  // choose from.
  const first = 2 * limit + 5;
  let candidates = await nearest(first);
  let picked = pick(candidates);
  if (candidates.length === first && (picked.length < limit || !artistCapHolds(picked, (t) => t.artistId))) {
    candidates = await nearest(4 * limit + 10);
    picked = pick(candidates);
  }
  // None: a track that is not ready (undefined), or one with no features or no neighbours yet.
  if (candidates.length === 0) return (await isReadyTrack(db, trackId)) ? [] : undefined;
  return picked.map((c) => ({ trackId: c.trackId, artistId: c.artistId, score: scoreOf(c.distance) }));
}

/** findSimilarCandidates as track summaries, each with its score. */
export async function findSimilarTracks(db: Db, trackId: string, options: { limit?: number; efSearch?: number; exact?: boolean } = {}): Promise<SimilarTrack[] | undefined> {
  const picked = await findSimilarCandidates(db, trackId, options);
  if (!picked) return undefined;
  const summaries = new Map((await listReadyTrackSummaries(db, picked.map((c) => c.trackId))).map((t) => [t.id, t]));
  // A track deleted between the two queries is left out.
  return picked.flatMap((c) => {
    const track = summaries.get(c.trackId);
    return track ? [{ ...track, score: c.score }] : [];
  });
}
