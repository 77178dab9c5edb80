import { playbackGainDb } from '@/lib/playback/normalization';
import type { QueueTrack } from './store';

/** A track as the API returns it (docs/api.md: radio, playlist items), as far as the queue needs it. */
export type TrackJson = Omit<QueueTrack, 'gainDb'> & { loudness: { gainDb: number | null; truePeakDb: number | null } | null };

/** Only what the queue keeps (it is saved in localStorage), with the gain the player applies. */
export function queueTrackOf({ id, title, artist, artistId, album, albumId, coverUrl, loudness }: TrackJson): QueueTrack {
  return { id, title, artist, artistId, album, albumId, coverUrl, gainDb: playbackGainDb(loudness?.gainDb ?? null, loudness?.truePeakDb ?? null) };
}
