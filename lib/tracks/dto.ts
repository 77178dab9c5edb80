import type { CatalogTrack } from '@/db/queries/catalog';
import type { TrackSummary } from '@/db/queries/tracks';
import { playbackGainDb } from '@/lib/playback/normalization';
import type { Storage } from '@/lib/storage/types';

/** What the track API returns: see docs in README ("HTTP API"). */
export function trackDto(track: TrackSummary, storage: Pick<Storage, 'publicUrl'>) {
  return {
    id: track.id,
    title: track.title,
    artistId: track.artistId,
    artist: track.artist,
    albumId: track.albumId,
    album: track.album,
    durationMs: track.durationMs,
    status: track.status,
    progress: track.progress,
    stage: track.stage,
    error: track.error,
    /** Set on a failed upload that processing found to be a copy of this track. */
    duplicateOf: track.duplicateOf,
    coverUrl: track.coverKey ? storage.publicUrl(track.coverKey) : null,
    loudness: track.integratedLufs === null ? null : { integratedLufs: track.integratedLufs, truePeakDb: track.truePeakDb, gainDb: track.gainDb },
    createdAt: track.createdAt,
  };
}

/**
 * A ready track as a listener's client gets it (search, and anything it can play): enough
 * for a row and for the player's queue, with the playback gain already worked out.
 */
export function catalogTrackDto(track: CatalogTrack, storage: Pick<Storage, 'publicUrl'>) {
  return {
    id: track.id,
    title: track.title,
    artistId: track.artistId,
    artist: track.artist,
    albumId: track.albumId,
    album: track.album,
    durationMs: track.durationMs,
    coverUrl: track.coverKey ? storage.publicUrl(track.coverKey) : null,
    gainDb: playbackGainDb(track.gainDb, track.truePeakDb),
  };
}
export type CatalogTrackDto = ReturnType<typeof catalogTrackDto>;
