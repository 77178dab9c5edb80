// Shared by the history route and the /history page: no server code here.

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const DAY_MS = 24 * 3_600_000;

/** The longest range each granularity may cover: a few hundred buckets at most. */
export const MAX_RANGE_DAYS: Record<Granularity, number> = { hour: 31, day: 732, week: 3_660, month: 7_320 };

/** The range when the caller names none, ending now. */
export const DEFAULT_RANGE_DAYS: Record<Granularity, number> = { hour: 1, day: 30, week: 84, month: 365 };

export const maxRangeMs = (g: Granularity) => MAX_RANGE_DAYS[g] * DAY_MS;
export const defaultRangeMs = (g: Granularity) => DEFAULT_RANGE_DAYS[g] * DAY_MS;

/** One bucket of a listener's history, as the route returns it. */
export type HistoryBucket = { start: string; end: string; plays: number; minutesHeard: number };

export type HistoryResponse = { granularity: Granularity; tz: string; from: string; to: string; buckets: HistoryBucket[] };

/** One counted play, as the route returns it. */
export type RecentPlay = {
  sessionId: string;
  playedAt: string;
  heardMs: number;
  track: {
    id: string;
    title: string;
    artist: string | null;
    artistId: string | null;
    album: string | null;
    albumId: string | null;
    durationMs: number | null;
    coverUrl: string | null;
    gainDb: number;
  };
};
