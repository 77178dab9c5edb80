'use client';

import { useSyncExternalStore } from 'react';
import { reachesPlay } from '@/lib/listening/plays';

/** A track as the player needs it (from catalog pages). */
export type QueueTrack = {
  id: string;
  title: string;
  artist: string | null;
  artistId: string | null;
  album: string | null;
  albumId: string | null;
  coverUrl: string | null;
  /** Gain to the loudness target, already limited by the track's true peak (dB); 0 if unmeasured. */
  gainDb: number;
};

export type Repeat = 'off' | 'all' | 'one';
/** What a radio plays from (POST /api/radio). */
export type RadioSeed = { trackId: string } | { artistId: string } | { albumId: string };
/** A queue started as radio: its seed, and the tracks skipped since (their like is pulled down). */
export type Radio = { seed: RadioSeed; skipped: string[] };
/** How many tracks the player remembers having started, and radio never repeats. */
export const RECENT_TRACKS = 50;
/** `autoplay` false and `resumeAt` set: a track loads paused at that second (a restored session after a reload). */
export type PlayerState = {
  queue: QueueTrack[];
  index: number;
  shuffle: boolean;
  /** While shuffled: the queue in the order it was given, to go back to when shuffle ends. */
  original: QueueTrack[] | null;
  repeat: Repeat;
  nonce: number;
  autoplay: boolean;
  resumeAt: number;
  radio: Radio | null;
  /** Ids of the tracks started lately, oldest first, each once (at most RECENT_TRACKS). */
  played: string[];
  /** Which queue this is: a new one (play, shuffle, radio, restore) gets a new number. */
  generation: number;
  /** The queue ran out: its last track stays in the player, paused at its end. */
  over: boolean;
};

const initial: PlayerState = { queue: [], index: -1, shuffle: false, original: null, repeat: 'off', nonce: 0, autoplay: true, resumeAt: 0, radio: null, played: [], generation: 0, over: false };
let state: PlayerState = initial;
const listeners = new Set<() => void>();

function set(patch: Partial<PlayerState>) {
  const nonce = state.nonce;
  state = { ...state, ...patch };
  // Loading a track (a new nonce) means the queue plays again.
  if (state.nonce !== nonce && patch.over === undefined) state.over = false;
  const playing = current(state);
  if (playing && state.nonce !== nonce) state.played = [...state.played.filter((id) => id !== playing.id), playing.id].slice(-RECENT_TRACKS);
  listeners.forEach((l) => l());
}

/** How much of the playing track was heard, from the player's heard clock (the heartbeat's). */
export type HeardProbe = () => { trackId: string; heardMs: number; durationMs: number | null } | null;
let heardProbe: HeardProbe = () => null;
/** The player tells the store how to read the heard clock: a Next before a play counts is a skip. */
export function setHeardProbe(probe: HeardProbe) {
  heardProbe = probe;
}

export function usePlayerState(): PlayerState {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => state,
    // What the server rendered: a page hydrating after the player restored a queue from
    // localStorage must first match the server's HTML (nothing playing), then update.
    () => initial,
  );
}

export const getPlayerState = (): PlayerState => state;

export const current = (s: PlayerState = state): QueueTrack | undefined => s.queue[s.index];

/** `first`, then the rest in a random order (Fisher-Yates): every track once per pass. */
function shuffled(list: QueueTrack[], first: QueueTrack | undefined): QueueTrack[] {
  const rest = list.filter((t) => t !== first);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return first ? [first, ...rest] : rest;
}

/** Replaces the queue and starts at `index`; `nonce` makes the player restart even the same track. */
export function playQueue(queue: QueueTrack[], index: number, radio: Radio | null = null) {
  const start = { nonce: state.nonce + 1, autoplay: true, resumeAt: 0, radio, generation: state.generation + 1 };
  if (state.shuffle && queue[index]) set({ queue: shuffled(queue, queue[index]), index: 0, original: queue, ...start });
  else set({ queue, index, original: null, ...start });
}

/** Plays the queue item at `index` now. */
export function playAt(index: number) {
  if (index >= 0 && index < state.queue.length) set({ index, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

/** Right after the current track. */
export function playNext(track: QueueTrack) {
  if (state.index < 0 || state.over) return playQueue([track], 0);
  const queue = [...state.queue];
  queue.splice(state.index + 1, 0, track);
  set({ queue, original: state.original && [...state.original, track] });
}

export function addToQueue(track: QueueTrack) {
  if (state.index < 0 || state.over) return playQueue([track], 0);
  set({ queue: [...state.queue, track], original: state.original && [...state.original, track] });
}

export function removeFromQueue(index: number) {
  if (index === state.index || index < 0 || index >= state.queue.length) return;
  const removed = state.queue[index];
  const queue = state.queue.filter((_, i) => i !== index);
  set({ queue, index: index < state.index ? state.index - 1 : state.index, original: state.original && state.original.filter((t) => t !== removed) });
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


/** What a reload brings back: kept per listener in this browser. */
export type SavedPlayer = { queue: QueueTrack[]; index: number; time: number; shuffle: boolean; repeat: Repeat };

/** The state worth keeping across a reload, with the playing position in seconds. */
export function snapshot(time: number, s: PlayerState = state): SavedPlayer | null {
  return s.index >= 0 && s.queue[s.index] ? { queue: s.queue, index: s.index, time, shuffle: s.shuffle, repeat: s.repeat } : null;
}

/**
 * After a reload: the same queue and track, paused where the listener was. Anything the
 * listener already started on this page wins: a restore never replaces an explicit play.
 */
export function restore(saved: SavedPlayer) {
  if (state.nonce > 0 || state.index >= 0 || !saved.queue[saved.index]) return;
  const repeat: Repeat = saved.repeat === 'all' || saved.repeat === 'one' ? saved.repeat : 'off';
  set({ queue: saved.queue, index: saved.index, shuffle: saved.shuffle === true, original: null, repeat, autoplay: false, resumeAt: Math.max(0, saved.time || 0), nonce: 1, generation: state.generation + 1 });
}

/** The album's "Shuffle": shuffle on, the whole list in a random order. */
export function shuffleQueue(queue: QueueTrack[]) {
  if (!queue.length) return;
  set({ queue: shuffled(queue, undefined), index: 0, original: queue, shuffle: true, nonce: state.nonce + 1, autoplay: true, resumeAt: 0, radio: null, generation: state.generation + 1 });
}

/** Starts a queue as radio: when it runs low, autoplay asks for more from `seed`. */
export function startRadio(queue: QueueTrack[], seed: RadioSeed) {
  if (queue.length) playQueue(queue, 0, { seed, skipped: [] });
}

/**
 * Ids of the last RECENT_TRACKS tracks of the queue and of what was played before it, most
 * recent first, each once: what radio must not bring back.
 */
export function recentTrackIds(s: PlayerState = state): string[] {
  const ids = [...s.queue.map((t) => t.id).reverse(), ...[...s.played].reverse()];
  return [...new Set(ids)].slice(0, RECENT_TRACKS);
}

/**
 * More tracks at the end of the queue `generation` (none if the listener has started another
 * queue since), leaving out anything recent. A queue that already ran out plays on.
 */
export function appendToQueue(tracks: QueueTrack[], generation: number) {
  if (generation !== state.generation) return;
  const recent = new Set(recentTrackIds());
  const fresh = tracks.filter((t) => !recent.has(t.id) && recent.add(t.id));
  if (!fresh.length) return;
  const ranOut = state.index < 0 || state.over ? { index: state.queue.length, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 } : {};
  set({ queue: [...state.queue, ...fresh], original: state.original && [...state.original, ...fresh], ...ranOut });
}

/** After the current track, or when a track ends: repeat and shuffle decide what comes. */
export function next(auto = false) {
  const { queue, index, repeat, radio } = state;
  if (!queue.length) return;
  const playing = queue[index];
  if (!auto && radio && playing) {
    // Before its session started nothing was heard of it.
    const heard = heardProbe();
    const mine = heard?.trackId === playing.id ? heard : null;
    if (!reachesPlay(mine?.heardMs ?? 0, mine?.durationMs ?? null)) set({ radio: { ...radio, skipped: [...radio.skipped.filter((id) => id !== playing.id), playing.id].slice(-200) } });
  }
  if (auto && repeat === 'one') return set({ nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
  let to = index + 1;
  if (to >= queue.length) {
    // The end of the queue: its last track stays in the player (Play starts it again).
    if (repeat !== 'all') return auto ? set({ over: true }) : undefined;
    to = 0;
  }
  set({ index: to, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

/** Play after the queue ran out: its last track again, from the start (a new session). */
export function replay() {
  if (current()) set({ nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

export function previous() {
  if (state.index > 0) set({ index: state.index - 1, nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
  else set({ nonce: state.nonce + 1, autoplay: true, resumeAt: 0 });
}

/**
 * Shuffle on: the playing track stays, what follows comes in a random order (shown in the
 * queue). Off: back to the order the list was given in, still on the same track.
 */
export function toggleShuffle() {
  const playing = current();
  if (!state.shuffle) {
    if (!playing) return set({ shuffle: true });
    return set({ shuffle: true, original: state.queue, queue: shuffled(state.queue, playing), index: 0 });
  }
  if (!state.original) return set({ shuffle: false });
  const kept = new Set(state.queue);
  const queue = [...state.original.filter((t) => kept.has(t)), ...state.queue.filter((t) => !state.original!.includes(t))];
  set({ shuffle: false, original: null, queue, index: playing ? queue.indexOf(playing) : -1 });
}

export function cycleRepeat() {
  set({ repeat: state.repeat === 'off' ? 'all' : state.repeat === 'all' ? 'one' : 'off' });
}
