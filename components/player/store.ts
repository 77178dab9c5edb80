'use client';

import { useSyncExternalStore } from 'react';

/** A track as the player needs it (from catalog pages). */
export type QueueTrack = {
  id: string;
  title: string;
  artist: string | null;
  artistId: string | null;
  album: string | null;
  albumId: string | null;
  coverUrl: string | null;
};

export type Repeat = 'off' | 'all' | 'one';
export type PlayerState = { queue: QueueTrack[]; index: number; shuffle: boolean; repeat: Repeat; nonce: number };

let state: PlayerState = { queue: [], index: -1, shuffle: false, repeat: 'off', nonce: 0 };
const listeners = new Set<() => void>();

function set(patch: Partial<PlayerState>) {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
}

export function usePlayerState(): PlayerState {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => state,
    () => state,
  );
}

export const current = (s: PlayerState = state): QueueTrack | undefined => s.queue[s.index];

/** Replaces the queue and starts at `index`; `nonce` makes the player restart even the same track. */
export function playQueue(queue: QueueTrack[], index: number) {
  set({ queue, index, nonce: state.nonce + 1 });
}

/** After the current track, or when a track ends: repeat and shuffle decide what comes. */
export function next(auto = false) {
  const { queue, index, repeat, shuffle } = state;
  if (!queue.length) return;
  if (auto && repeat === 'one') return set({ nonce: state.nonce + 1 });
  let to = shuffle && queue.length > 1 ? (index + 1 + Math.floor(Math.random() * (queue.length - 1))) % queue.length : index + 1;
  if (to >= queue.length) {
    if (repeat !== 'all') return set({ index: auto ? -1 : index });
    to = 0;
  }
  set({ index: to, nonce: state.nonce + 1 });
}

export function previous() {
  if (state.index > 0) set({ index: state.index - 1, nonce: state.nonce + 1 });
  else set({ nonce: state.nonce + 1 });
}

export function toggleShuffle() {
  set({ shuffle: !state.shuffle });
}

export function cycleRepeat() {
  set({ repeat: state.repeat === 'off' ? 'all' : state.repeat === 'all' ? 'one' : 'off' });
}
