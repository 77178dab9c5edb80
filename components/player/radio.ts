'use client';

import { useEffect, useRef } from 'react';
import { queueTrackOf, type TrackJson } from './queue-json';
import { appendToQueue, current, recentTrackIds, type PlayerState, type QueueTrack, type RadioSeed } from './store';

/** Tracks asked for at a time: when a radio starts and each time its queue runs low. */
export const RADIO_BATCH = 10;
/** The last tracks heard sent as seeds (and as what the new tracks follow). */
const HEARD = 10;


export type RadioBody = { seed: RadioSeed; exclude?: string[]; heard?: string[]; skipped?: string[]; limit?: number };

/** The next tracks of a radio, ready to queue; throws when the server says no. */
export async function fetchRadio(body: RadioBody): Promise<QueueTrack[]> {
  const res = await fetch('/api/radio', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`radio: HTTP ${res.status}`);
  const { tracks } = (await res.json()) as { tracks: TrackJson[] };
  return tracks.map(queueTrackOf);
}

/**
 * What to ask for when the queue runs low: more from the radio's seed, or (a queue that was
 * not started as radio) from the last track heard; the tracks heard last as seeds too; never
 * anything of the last 50; and what was skipped during this radio, to pull down what it leads to.
 */
export function refillRequest(s: PlayerState): RadioBody | null {
  const last = current(s) ?? s.queue.at(-1);
  if (!last) return null;
  const skipped = s.radio?.skipped ?? [];
  const recent = recentTrackIds(s);
  return { seed: s.radio?.seed ?? { trackId: last.id }, exclude: recent, heard: recent.filter((id) => !skipped.includes(id)).slice(0, HEARD), skipped, limit: RADIO_BATCH };
}

/**
 * Autoplay: when the queue is down to its last track or two (or has just run out) and repeat
 * is off, asks radio for more and appends it. One request at a time; a failure is silent and
 * tried again on the next track.
 */
export function useAutoplay(state: PlayerState, on: boolean) {
  const busy = useRef(false);
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (!on || state.repeat !== 'off' || !state.queue.length || busy.current) return;
    if (state.index >= 0 && state.queue.length - 1 - state.index > 1) return;
    const key = `${state.generation}:${state.queue.length}:${state.index}:${state.over}`;
    if (tried.current === key) return;
    const body = refillRequest(state);
    if (!body) return;
    tried.current = key;
    busy.current = true;
    const generation = state.generation;
    fetchRadio(body)
      .then((tracks) => appendToQueue(tracks, generation))
      .catch(() => {})
      .finally(() => {
        busy.current = false;
      });
  }, [state, on]);
}

