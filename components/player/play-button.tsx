'use client';

import { AudioLines, ListEnd, ListPlus, Play } from 'lucide-react';
import { createContext, useContext, type ReactNode } from 'react';
import { addToQueue, current, playNext, playQueue, usePlayerState, type QueueTrack } from './store';

const QueueContext = createContext<QueueTrack[]>([]);

/** The tracks of a list, once, for the play buttons inside it. */
export function PlayableList({ tracks, children }: { tracks: QueueTrack[]; children: ReactNode }) {
  return <QueueContext.Provider value={tracks}>{children}</QueueContext.Provider>;
}

/** Plays the surrounding list from `index` (the album's "Play" plays from the first track). */
export function PlayButton({ index, label, big }: { index: number; label: string; big?: boolean }) {
  const tracks = useContext(QueueContext);
  const playing = current(usePlayerState())?.id === tracks[index]?.id && !big;
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() => playQueue(tracks, index)}
      aria-current={playing ? 'true' : undefined}
      className={big ? 'inline-flex items-center gap-2 rounded-full bg-accent px-5 py-2 font-medium text-accent-fg hover:opacity-90' : `rounded-full p-1.5 hover:bg-surface hover:text-fg ${playing ? 'text-accent' : 'text-muted'}`}
    >
      {playing ? <AudioLines aria-hidden size={16} /> : <Play aria-hidden size={big ? 18 : 16} />}
      {big ? 'Play' : null}
    </button>
  );
}

/** "Play next" and "Add to queue" for one row of the list. */
export function QueueButtons({ index }: { index: number }) {
  const track = useContext(QueueContext)[index];
  if (!track) return null;
  const cls = 'rounded-full p-1.5 text-muted opacity-60 hover:bg-surface hover:text-fg hover:opacity-100 focus-visible:opacity-100';
  return (
    <>
      <button type="button" className={cls} aria-label={`Play ${track.title} next`} title="Play next" onClick={() => playNext(track)}>
        <ListPlus aria-hidden size={16} />
      </button>
      <button type="button" className={cls} aria-label={`Add ${track.title} to the queue`} title="Add to queue" onClick={() => addToQueue(track)}>
        <ListEnd aria-hidden size={16} />
      </button>
    </>
  );
}
