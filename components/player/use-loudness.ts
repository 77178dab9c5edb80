'use client';

import { useEffect, useRef } from 'react';

type Graph = { context: AudioContext; gain: GainNode };

const hasMse = () => typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window);

/**
 * Loudness normalization: the track's gain (dB) applied through a Web Audio GainNode, so
 * quiet tracks can be raised as well as loud ones lowered. The graph is built only once an
 * AudioContext is actually running (after a click or key press): routing the element into a
 * suspended context would silence it. Where there is no context or no MSE (native HLS, whose
 * cross-origin segments Web Audio may not read), loud tracks are turned down with the element's
 * volume instead and quiet ones play as they are.
 */
export function useLoudness(audio: HTMLAudioElement | null, gainDb: number, enabled: boolean, volume: number) {
  const graph = useRef<Graph | null>(null);
  const factor = enabled ? 10 ** (gainDb / 20) : 1;
  const wanted = useRef({ factor, volume });
  wanted.current = { factor, volume };

  useEffect(() => {
    if (!audio || graph.current || !hasMse() || typeof AudioContext === 'undefined') return;
    let context: AudioContext | null = null;
    const connect = () => {
      if (graph.current || context?.state !== 'running') return;
      const gain = context.createGain();
      gain.gain.value = wanted.current.factor;
      context.createMediaElementSource(audio).connect(gain).connect(context.destination);
      audio.volume = wanted.current.volume;
      graph.current = { context, gain };
      stop();
    };
    const wake = () => {
      try {
        context ??= new AudioContext();
        context.addEventListener('statechange', connect);
        void context.resume().then(connect, () => {});
        connect();
      } catch {
        stop(); // no Web Audio here: the volume fallback stays
      }
    };
    const stop = () => {
      window.removeEventListener('pointerdown', wake, true);
      window.removeEventListener('keydown', wake, true);
      audio.removeEventListener('play', wake);
    };
    window.addEventListener('pointerdown', wake, true);
    window.addEventListener('keydown', wake, true);
    audio.addEventListener('play', wake);
    return stop;
  }, [audio]);

  useEffect(() => {
    if (!audio) return;
    const g = graph.current;
    if (g) {
      // A short ramp: no click when the toggle flips mid-track.
      g.gain.gain.setTargetAtTime(factor, g.context.currentTime, 0.03);
      audio.volume = volume;
    } else {
      audio.volume = volume * Math.min(1, factor);
    }
    // Only when something changed: each ramp is an event on the gain's timeline.
  }, [audio, factor, volume]);
}
