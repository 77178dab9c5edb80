import type { CatalogTrack } from '@/db/queries/catalog';
import { PlayableList, PlayButton, QueueButtons, TrackRow } from '@/components/player/play-button';
import type { QueueTrack } from '@/components/player/store';
import { formatDuration } from '@/lib/format';
import { playbackGainDb } from '@/lib/playback/normalization';
import { Cover } from './cover';
import { TrackTitle } from './track-title';

export function toQueue(tracks: CatalogTrack[], coverUrl: (key: string | null) => string | null): QueueTrack[] {
  return tracks.map((t) => ({
    id: t.id,
    title: t.title,
    artist: t.artist,
    artistId: t.artistId,
    album: t.album,
    albumId: t.albumId,
    coverUrl: coverUrl(t.coverKey),
    gainDb: playbackGainDb(t.gainDb, t.truePeakDb),
  }));
}

/**
 * Track rows: play button, cover, title, artist and album (linked), length. Tag text is
 * rendered as text. A row's play button plays the list from that row.
 */
export function TrackList({ tracks, coverUrl, numbered }: { tracks: CatalogTrack[]; coverUrl: (key: string | null) => string | null; numbered?: boolean }) {
  return (
    <PlayableList tracks={toQueue(tracks, coverUrl)}>
    <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
      {tracks.map((t, i) => (
        <TrackRow key={t.id} index={i}>
          <PlayButton index={i} label={`Play ${t.title}`} />
          {numbered ? <span className="w-6 text-right text-sm tabular-nums text-muted">{t.trackNo ?? i + 1}</span> : <Cover url={coverUrl(t.coverKey)} title={t.album ?? t.title} />}
          <TrackTitle track={t} showAlbum={!numbered} />
          <QueueButtons index={i} />
          <span className="w-12 text-right text-sm tabular-nums text-muted">{t.durationMs ? formatDuration(t.durationMs) : ''}</span>
        </TrackRow>
      ))}
    </ol>
    </PlayableList>
  );
}
