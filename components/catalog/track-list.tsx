import type { CatalogTrack } from '@/db/queries/catalog';
import { AddToPlaylist } from '@/components/library/add-to-playlist';
import { LikeButton } from '@/components/library/like-button';
import { RowCheckbox, SelectableList, SelectionBar } from '@/components/library/selection';
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

/** A row as the list shows it: what the player queues, plus its length and number on the album. */
export type RowTrack = QueueTrack & { durationMs: number | null; trackNo?: number | null };

export const toRows = (tracks: CatalogTrack[], coverUrl: (key: string | null) => string | null): RowTrack[] =>
  toQueue(tracks, coverUrl).map((q, i) => ({ ...q, durationMs: tracks[i]!.durationMs, trackNo: tracks[i]!.trackNo }));

/** What the player queues of some rows (it stores its queue between visits): not the rows' extras. */
export const queueOf = (rows: RowTrack[]): QueueTrack[] => rows.map(({ durationMs: _d, trackNo: _n, ...q }) => q);

/**
 * Track rows: tick box, play button, cover, title, artist and album (linked), heart, length,
 * and a menu (add to playlist). Tag text is rendered as text. A row's play button plays the
 * list from that row; ticked rows (shift-click for a range) go to a playlist together.
 */
export function TrackList({ tracks, coverUrl, numbered }: { tracks: CatalogTrack[]; coverUrl: (key: string | null) => string | null; numbered?: boolean }) {
  return <TrackRows tracks={toRows(tracks, coverUrl)} numbered={numbered} />;
}

/** The rows of `TrackList` for tracks already shaped for the player (search answers as you type). */
export function TrackRows({ tracks, numbered }: { tracks: RowTrack[]; numbered?: boolean }) {
  return (
    <PlayableList tracks={queueOf(tracks)}>
    <SelectableList ids={tracks.map((t) => t.id)}>
    <SelectionBar />
    <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
      {tracks.map((t, i) => (
        <TrackRow key={`${t.id}-${i}`} index={i}>
          <RowCheckbox index={i} title={t.title} />
          <PlayButton index={i} label={`Play ${t.title}`} />
          {numbered ? <span className="w-6 text-right text-sm tabular-nums text-muted">{t.trackNo ?? i + 1}</span> : <Cover url={t.coverUrl} title={t.album ?? t.title} />}
          <TrackTitle track={t} showAlbum={!numbered} />
          {/* On a phone the title keeps the width: queue actions stay in the player. */}
          <span className="hidden sm:contents">
            <QueueButtons index={i} />
          </span>
          <LikeButton trackId={t.id} title={t.title} />
          <span className="w-12 text-right text-sm tabular-nums text-muted">{t.durationMs ? formatDuration(t.durationMs) : ''}</span>
          <AddToPlaylist trackIds={[t.id]} label={`Add ${t.title} to a playlist`} />
        </TrackRow>
      ))}
    </ol>
    </SelectableList>
    </PlayableList>
  );
}
