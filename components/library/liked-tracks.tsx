'use client';

import { queueOf, TrackRows, type RowTrack } from '@/components/catalog/track-list';
import { PlayableList, PlayButton, ShuffleButton, WholeList } from '@/components/player/play-button';
import { queueTrackOf, type TrackJson } from '@/components/player/queue-json';
import { ShowMore, usePagedList } from './paged-list';

type LikeJson = TrackJson & { durationMs: number | null };

/** The most likes the API gives at once (docs/api.md). */
const LIKES_PAGE_MAX = 500;

async function fetchLikes(after: string, limit: number) {
  const res = await fetch(`/api/me/likes?after=${encodeURIComponent(after)}&limit=${Math.min(limit, LIKES_PAGE_MAX)}`).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json()) as { tracks: LikeJson[]; next: string | null };
  return { rows: body.tracks.map((t): RowTrack => ({ ...queueTrackOf(t), durationMs: t.durationMs })), next: body.next };
}

/**
 * Liked songs, newest first: the first page from the server, the rest as the list scrolls;
 * Play and Shuffle fetch what is not shown yet and play all of it.
 */
export function LikedTracks({ tracks, next, total }: { tracks: RowTrack[]; next: string | null; total: number }) {
  const list = usePagedList(tracks, next, fetchLikes);
  return (
    <>
      <PlayableList tracks={queueOf(list.items)}>
        <WholeList value={list.next ? async () => queueOf(await list.whole()) : null}>
          <div className="flex gap-3">
            <PlayButton index={0} label="Play" big />
            {total > 1 ? <ShuffleButton /> : null}
          </div>
        </WholeList>
      </PlayableList>
      <TrackRows tracks={list.items} />
      <ShowMore list={list} total={total} />
    </>
  );
}
