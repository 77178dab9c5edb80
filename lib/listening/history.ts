import 'server-only';
import type { Db } from '@/db/client';
import { listHistoryBuckets, listRecentPlays } from '@/db/queries/history';
import { coverUrl } from '@/lib/catalog';
import { AppError } from '@/lib/errors';
import { playbackGainDb } from '@/lib/playback/normalization';
import { parseHistoryQuery } from './history-query';
import type { HistoryResponse, RecentPlay } from './history-range';

/** The listener's plays and minutes heard per bucket of their own time zone. */
export async function getHistory(db: Db, userId: string, params: URLSearchParams): Promise<HistoryResponse> {
  const q = parseHistoryQuery(params);
  const rows = await listHistoryBuckets(db, userId, q).catch((error: unknown) => {
    // Intl knew the zone but this database's time zone data does not: the caller can pick another.
    if (error instanceof Error && /time zone .* not recognized/i.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`)) {
      throw new AppError('validation_failed', `Invalid input. tz: ${q.tz} is not known to this server's database. Send another IANA name for the same zone.`, {
        fieldErrors: { tz: [`${q.tz} is not known to this server's database.`] },
      });
    }
    throw error;
  });
  return {
    granularity: q.granularity,
    tz: q.tz,
    from: rows[0]?.start ?? q.from.toISOString(),
    to: rows.at(-1)?.end ?? q.to.toISOString(),
    buckets: rows.map((r) => ({ start: r.start, end: r.end, plays: r.plays, minutesHeard: Math.round(r.msHeard / 6_000) / 10 })),
  };
}

/** The listener's counted plays, newest first, as the /history page lists them. */
export async function getRecentPlays(db: Db, userId: string, page: { limit: number; offset: number }): Promise<RecentPlay[]> {
  const rows = await listRecentPlays(db, userId, page);
  return rows.map((r) => ({
    sessionId: r.sessionId,
    playedAt: r.playedAt.toISOString(),
    heardMs: r.heardMs,
    track: {
      id: r.trackId,
      title: r.title,
      artist: r.artist,
      artistId: r.artistId,
      album: r.album,
      albumId: r.albumId,
      durationMs: r.durationMs,
      coverUrl: coverUrl(r.coverKey),
      gainDb: playbackGainDb(r.gainDb, r.truePeakDb),
    },
  }));
}
