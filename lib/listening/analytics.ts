import 'server-only';
import type { Db } from '@/db/client';
import { countActiveListeners, listDailyTotals, listTrackTotals, type TrackTotal } from '@/db/queries/analytics';

export const ANALYTICS_WINDOWS = [7, 30, 90] as const;
export type AnalyticsWindow = (typeof ANALYTICS_WINDOWS)[number];

/** A session beating within this long counts as listening now (players beat every 15 s). */
export const ACTIVE_WITHIN_SECONDS = 120;
/** Fewer plays + skips than this and a skip rate says nothing. */
export const MIN_SESSIONS_FOR_SKIP_RATE = 5;

export function windowParam(value: string | undefined): AnalyticsWindow {
  return ANALYTICS_WINDOWS.find((w) => String(w) === value) ?? 30;
}

export type TopArtist = { artistId: string | null; artist: string | null; tracks: number; plays: number; msHeard: number };
export type SkipRate = TrackTotal & { skipRate: number };

const byId = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/** Most played first; ties by time heard. */
export function topTracks(totals: TrackTotal[], limit: number): TrackTotal[] {
  return totals
    .filter((t) => t.plays > 0)
    .sort((a, b) => b.plays - a.plays || b.msHeard - a.msHeard || byId(a.trackId, b.trackId))
    .slice(0, limit);
}

/** Tracks summed per artist (untagged tracks together, artist null); `tracks` counts those played. */
export function topArtists(totals: TrackTotal[], limit: number): TopArtist[] {
  const by = new Map<string | null, TopArtist>();
  for (const t of totals) {
    if (t.plays === 0) continue;
    const a = by.get(t.artistId) ?? { artistId: t.artistId, artist: t.artist, tracks: 0, plays: 0, msHeard: 0 };
    by.set(t.artistId, { ...a, tracks: a.tracks + 1, plays: a.plays + t.plays, msHeard: a.msHeard + t.msHeard });
  }
  return [...by.values()].sort((a, b) => b.plays - a.plays || b.msHeard - a.msHeard || byId(a.artistId, b.artistId)).slice(0, limit);
}

/** skips / (plays + skips), highest first, for tracks with at least `minSessions` of them. */
export function skipRates(totals: TrackTotal[], minSessions: number, limit: number): SkipRate[] {
  return totals
    .filter((t) => t.plays + t.skips >= minSessions)
    .map((t) => ({ ...t, skipRate: t.skips / (t.plays + t.skips) }))
    .sort((a, b) => b.skipRate - a.skipRate || b.plays + b.skips - (a.plays + a.skips) || byId(a.trackId, b.trackId))
    .slice(0, limit);
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Everything /admin/analytics shows for the last `days` UTC days (today included). */
export async function getAnalytics(db: Db, days: AnalyticsWindow, now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const firstDay = isoDay(today - (days - 1) * 86_400_000);
  // Tables and chart cover the same window: from the first charted day's midnight (UTC).
  const since = new Date(`${firstDay}T00:00:00Z`);
  const [daily, totals, active] = await Promise.all([
    listDailyTotals(db, { firstDay, lastDay: isoDay(today) }),
    listTrackTotals(db, since),
    countActiveListeners(db, ACTIVE_WITHIN_SECONDS),
  ]);
  const sum = daily.reduce((t, d) => ({ plays: t.plays + d.plays, skips: t.skips + d.skips, msHeard: t.msHeard + d.msHeard }), { plays: 0, skips: 0, msHeard: 0 });
  return {
    days,
    since,
    daily,
    totals: sum,
    active,
    topTracks: topTracks(totals, 10),
    topArtists: topArtists(totals, 10),
    skipRates: skipRates(totals, MIN_SESSIONS_FOR_SKIP_RATE, 15),
  };
}

export type Analytics = Awaited<ReturnType<typeof getAnalytics>>;
