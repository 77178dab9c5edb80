'use client';

import { AudioLines, ListEnd, ListPlus, Play, Shuffle } from 'lucide-react';
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { addToQueue, current, playNext, playQueue, shuffleQueue, usePlayerState, type QueueTrack } from './store';

const noop = () => () => {};
/**
 * False in the server's HTML, true once React runs: play buttons stay disabled until a click
 * can do something, instead of swallowing a click made while the page was still loading.
 */
export const useHydrated = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

const QueueContext = createContext<QueueTrack[]>([]);

/** The tracks of a list, once, for the play buttons inside it. */
export function PlayableList({ tracks, children }: { tracks: QueueTrack[]; children: ReactNode }) {
  return <QueueContext.Provider value={tracks}>{children}</QueueContext.Provider>;
}

/**
 * Where a list shown in part (a long playlist) gets the whole of itself before the big Play
 * or Shuffle plays it; without one they play the tracks shown.
 */
const WholeListContext = createContext<(() => Promise<QueueTrack[]>) | null>(null);
export const WholeList = WholeListContext.Provider;

/** The list the big buttons play: the whole of it where the page shows only part. */
function useWholeList(): () => Promise<QueueTrack[]> {
  const shown = useContext(QueueContext);
  const whole = useContext(WholeListContext);
  return whole ?? (async () => shown);
}

/** Plays the surrounding list from `index` (the album's "Play" plays from the first track). */
export function PlayButton({ index, label, big }: { index: number; label: string; big?: boolean }) {
  const tracks = useContext(QueueContext);
  const whole = useWholeList();
  const playing = current(usePlayerState())?.id === tracks[index]?.id && !big;
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={!hydrated}
      aria-label={label}
      title={label}
      onClick={async () => playQueue(big ? await whole() : tracks, index)}
      aria-current={playing ? 'true' : undefined}
      className={big ? 'inline-flex items-center gap-2 rounded-full bg-accent px-5 py-2 font-medium text-accent-fg hover:opacity-90' : `rounded-full p-1.5 hover:bg-surface hover:text-fg ${playing ? 'text-accent' : 'text-muted'}`}
    >
      {playing ? <AudioLines aria-hidden size={16} /> : <Play aria-hidden size={big ? 18 : 16} />}
      {big ? 'Play' : null}
    </button>
  );
}

/** The album's "Shuffle": the whole list in a random order, shuffle on. */
export function ShuffleButton() {
  const whole = useWholeList();
  const hydrated = useHydrated();
  return (
    <button type="button" disabled={!hydrated} onClick={async () => shuffleQueue(await whole())} className="inline-flex items-center gap-2 rounded-full border border-line px-5 py-2 font-medium hover:bg-surface-2">
      <Shuffle aria-hidden size={18} />
      Shuffle
    </button>
  );
}

/** A row of a list: highlighted while its track plays; a double-click plays from it. */
export function TrackRow({ index, children }: { index: number; children: ReactNode }) {
  const tracks = useContext(QueueContext);
  const playing = current(usePlayerState())?.id === tracks[index]?.id;
  return (
    <li
      aria-current={playing ? 'true' : undefined}
      onDoubleClick={(e) => (e.target as HTMLElement).closest('a,button') === null && playQueue(tracks, index)}
      className={`flex items-center gap-3 px-3 py-2 focus-within:bg-surface-2 ${playing ? 'bg-accent/10' : 'hover:bg-surface-2'}`}
    >
      {children}
    </li>
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
