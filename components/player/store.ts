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
/** `autoplay` false and `resumeAt` set: a track loads paused at that second (for resume after a reload, to come). */
export type PlayerState = { queue: QueueTrack[]; index: number; shuffle: boolean; repeat: Repeat; nonce: number; autoplay: boolean; resumeAt: number };

let state: PlayerState = { queue: [], index: -1, shuffle: false, repeat: 'off', nonce: 0, autoplay: true, resumeAt: 0 };
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
  set({ queue, index, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

/** Plays the queue item at `index` now. */
export function playAt(index: number) {
  if (index >= 0 && index < state.queue.length) set({ index, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

/** Right after the current track. */
export function playNext(track: QueueTrack) {
  if (state.index < 0) return playQueue([track], 0);
  const queue = [...state.queue];
  queue.splice(state.index + 1, 0, track);
  set({ queue });
}

export function addToQueue(track: QueueTrack) {
  if (state.index < 0) return playQueue([track], 0);
  set({ queue: [...state.queue, track] });
}

export function removeFromQueue(index: number) {
  if (index === state.index || index < 0 || index >= state.queue.length) return;
  const queue = state.queue.filter((_, i) => i !== index);
  set({ queue, index: index < state.index ? state.index - 1 : state.index });
}

/** Moves a queued track; the current track keeps playing wherever it ends up. */
export function moveInQueue(from: number, to: number) {
  const { queue, index } = state;
  if (from === to || from < 0 || to < 0 || from >= queue.length || to >= queue.length) return;
  const next = [...queue];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  let playing = index;
  if (from === index) playing = to;
  else if (from < index && to >= index) playing = index - 1;
  else if (from > index && to <= index) playing = index + 1;
  set({ queue: next, index: playing });
}


/** After the current track, or when a track ends: repeat and shuffle decide what comes. */
export function next(auto = false) {
  const { queue, index, repeat, shuffle } = state;
  if (!queue.length) return;
  if (auto && repeat === 'one') return set({ nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
  let to = shuffle && queue.length > 1 ? (index + 1 + Math.floor(Math.random() * (queue.length - 1))) % queue.length : index + 1;
  if (to >= queue.length) {
    if (repeat !== 'all') return set({ index: auto ? -1 : index });
    to = 0;
  }
  set({ index: to, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

export function previous() {
  if (state.index > 0) set({ index: state.index - 1, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
  else set({ nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

export function toggleShuffle() {
  set({ shuffle: !state.shuffle });
}

export function cycleRepeat() {
  set({ repeat: state.repeat === 'off' ? 'all' : state.repeat === 'all' ? 'one' : 'off' });
}
