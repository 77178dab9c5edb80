import type { ParsedTrack } from './import-parse';
import { firstArtist, foldText, nameSimilarity, stripAll, stripFeat, stripNoise } from './import-text';

/**
 * How sure an imported line's match is (pure). The database finds candidates; this scores
 * each from its title, artist, album and duration, 0..1.
 */

export type Candidate = { id: string; title: string; artist: string | null; album: string | null; durationMs: number | null };
export type Scored<T extends Candidate> = { track: T; confidence: number };

/** At or above: a match shown as such; below MATCH, the line is "not found" (alternatives offered). */
export const CONFIDENCE = { exact: 0.95, likely: 0.8, match: 0.5, alternative: 0.25 } as const;
export type ConfidenceLabel = 'exact' | 'likely' | 'unsure' | 'not-found';

export function confidenceLabel(confidence: number | null | undefined): ConfidenceLabel {
  if (confidence === null || confidence === undefined || confidence < CONFIDENCE.match) return 'not-found';
  if (confidence >= CONFIDENCE.exact) return 'exact';
  return confidence >= CONFIDENCE.likely ? 'likely' : 'unsure';
}

type TitleForms = { full: string; noise: string; core: string };

/**
 * The folded forms of names met during one import, worked out once each: an import scores
 * the same catalog titles and artists for many lines. Made per import, dropped after it.
 */
export type MatchMemo = { titles: Map<string, TitleForms>; artists: Map<string, string[]>; albums: Map<string, string> };
export const newMatchMemo = (): MatchMemo => ({ titles: new Map(), artists: new Map(), albums: new Map() });

function remembered<T>(map: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make(key)));
  return value;
}

/** The forms of a title compared: as written, without release details, and its core. */
const titleForms = (memo: MatchMemo, title: string) =>
  remembered(memo.titles, title, (t) => ({ full: foldText(stripFeat(t)), noise: foldText(stripNoise(t)), core: foldText(stripAll(t)) }));
const artistForms = (memo: MatchMemo, artist: string) => remembered(memo.artists, artist, (a) => [foldText(stripFeat(a)), foldText(firstArtist(a))]);
const albumForm = (memo: MatchMemo, album: string) => remembered(memo.albums, album, (a) => foldText(stripNoise(a)));

function titleScore(memo: MatchMemo, a: string, b: string): number {
  const x = titleForms(memo, a);
  const y = titleForms(memo, b);
  if (x.noise === y.noise) return 1;
  // The same song, another recording ("Song (Live)" for "Song"): close, never exact.
  if (x.core === y.core && x.core !== '') return 0.85 + 0.05 * nameSimilarity(x.full, y.full);
  // Only the same name is exact: a typo, however small, stays below.
  return Math.min(0.92, Math.max(nameSimilarity(x.noise, y.noise), nameSimilarity(x.core, y.core) * 0.95));
}

function artistScore(memo: MatchMemo, a: string, b: string): number {
  const xs = artistForms(memo, a);
  const ys = artistForms(memo, b);
  const best = Math.max(...xs.flatMap((x) => ys.map((y) => (x && y ? nameSimilarity(x, y) : 0))));
  return best === 1 ? 1 : Math.min(0.92, best);
}

/**
 * Title and artist decide, both needed (a product: the right title by another artist is
 * another song); without an artist to compare, a title alone is at most "likely". Album and
 * duration nudge, and break ties: unrounded and unclamped, for sorting.
 */
function rawScore(memo: MatchMemo, query: ParsedTrack, c: Candidate): number {
  if (query.trackId && query.trackId === c.id) return 1.1;
  const title = titleScore(memo, query.title, c.title) ** 0.8;
  let score = query.artist && c.artist ? title * artistScore(memo, query.artist, c.artist) ** 0.6 : query.artist ? 0.6 * title : 0.8 * title;
  if (query.album && c.album) score += 0.04 * (nameSimilarity(albumForm(memo, query.album), albumForm(memo, c.album)) - 0.5);
  if (query.durationMs && c.durationMs) {
    const apart = Math.abs(query.durationMs - c.durationMs);
    score += apart <= 3_000 ? 0.02 : apart > 60_000 ? -0.1 : apart > 20_000 ? -0.05 : 0;
  }
  return score;
}

const clamp = (raw: number) => Math.round(Math.min(1, Math.max(0, raw)) * 100) / 100;

/** 0..1: how sure it is that `c` is the track the line means. */
export function scoreCandidate(query: ParsedTrack, c: Candidate, memo = newMatchMemo()): number {
  return clamp(rawScore(memo, query, c));
}

/**
 * The best match (null when none reaches CONFIDENCE.match) and up to `alternatives` others
 * worth offering, best first; the same track is never listed twice.
 */
export function pickMatch<T extends Candidate>(query: ParsedTrack, candidates: T[], memo = newMatchMemo(), alternatives = 3): { match: Scored<T> | null; alternatives: Scored<T>[] } {
  const seen = new Set<string>();
  const scored = candidates
    .filter((c) => !seen.has(c.id) && seen.add(c.id))
    .map((track) => ({ track, raw: rawScore(memo, query, track) }))
    .sort((a, b) => b.raw - a.raw || (a.track.title < b.track.title ? -1 : 1))
    .map(({ track, raw }) => ({ track, confidence: clamp(raw) }))
    .filter((s) => s.confidence >= CONFIDENCE.alternative);
  const best = scored[0] && scored[0].confidence >= CONFIDENCE.match ? scored[0] : null;
  return { match: best, alternatives: scored.slice(best ? 1 : 0, (best ? 1 : 0) + alternatives) };
}
