'use client';

import Hls, { type LoaderCallbacks, type LoaderConfiguration, type LoaderContext, type PlaylistLoaderConstructor } from 'hls.js';
import { useEffect, useRef, useState } from 'react';
import { startSession } from './device-id';

export type Quality = -1 | 0 | 1 | 2;

/** What went wrong, in words a listener understands. */
function describe(details: string | undefined, status?: number): string {
  if (details?.startsWith('key')) return 'This track’s key was refused. Sign in again, or ask an admin if it keeps happening.';
  if (status === 404 || details === 'manifestLoadError') return 'This track is no longer available.';
  return 'The connection to the server was lost. Check your network and retry.';
}

/** Why starting a track was refused. */
function refusal(status: number | undefined): string {
  if (status === 404) return 'This track is no longer available.';
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 429) return 'Tracks are being started faster than MIST allows. Wait a moment, then press play again.';
  return describe(undefined);
}

/**
 * hls.js's own loader, except for the playlists the listening session came with (URL → text):
 * those are answered from memory, so the key and the first segment are the next requests.
 */
function withPlaylists(texts: Map<string, string>): PlaylistLoaderConstructor {
  return class extends Hls.DefaultConfig.loader {
    load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>) {
      const text = texts.get(new URL(context.url, location.href).href); // the master's URL comes as given
      if (text === undefined) return super.load(context, config, callbacks);
      const stats = this.stats;
      stats.loading.start = stats.loading.first = stats.loading.end = performance.now();
      stats.loaded = stats.total = text.length;
      // Asynchronous, as a network answer is; not after a destroy (which clears stats).
      queueMicrotask(() => this.stats && callbacks.onSuccess({ url: context.url, data: text, code: 200 }, stats, context, null));
    }
  } as PlaylistLoaderConstructor;
}

/**
 * Loads a track into the audio element: a listening session first (it entitles the player
 * to the key, and carries the first playlists), then the stream through hls.js, or natively
 * where only native HLS exists.
 */
export function useHls(audio: HTMLAudioElement | null, trackId: string | undefined, nonce: number, onError: (message: string) => void, start: { autoplay: boolean; at: number }) {
  const hlsRef = useRef<Hls | null>(null);
  const [levels, setLevels] = useState(0);
  const [sessionId, setSessionId] = useState<string | null>(null);

  useEffect(() => {
    if (!audio || !trackId) return;
    let cancelled = false;
    // A restored session (after a reload) waits, paused, where the listener was. Every other
    // load starts at 0, and says so: a position set before a source has its first frame
    // (readyState 0) is the element's "default playback start position", which outlives that
    // source when it is torn down before loading, and would start the next one there (a
    // restored track parked at 0:40, then the album's Play: its first track from 0:40).
    const begin = () => {
      audio.currentTime = start.at;
      if (start.autoplay) void audio.play().catch(() => {});
    };
    // hls.js and its MediaSource get ready while the session request is under way. It starts
    // on the lowest variant (startLevel 0) and buffers 30-60 s ahead, not the whole track.
    const texts = new Map<string, string>();
    const hls = Hls.isSupported() ? new Hls({ maxBufferLength: 30, maxMaxBufferLength: 60, startLevel: 0, testBandwidth: false, pLoader: withPlaylists(texts) }) : null;
    if (hls) {
      hlsRef.current = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
        setLevels(data.levels.length);
        begin();
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal) onError(describe(data.details, data.response?.code));
      });
      hls.attachMedia(audio);
    }
    (async () => {
      const res = await startSession(trackId).catch(() => null);
      if (cancelled) return;
      if (!res?.ok) return onError(refusal(res?.status));
      const { masterUrl, playlists, sessionId: id } = (await res.json()) as { masterUrl: string; sessionId: string; playlists?: Record<string, string> };
      if (cancelled) return;
      setSessionId(id);
      if (hls) {
        for (const [url, text] of Object.entries(playlists ?? {})) texts.set(new URL(url, location.href).href, text);
        hls.loadSource(masterUrl);
      } else if (audio.canPlayType('application/vnd.apple.mpegurl')) {
        audio.src = masterUrl; // native HLS sends the session cookie with the key request
        begin();
      } else {
        onError('This browser cannot play HLS audio.');
      }
    })();
    return () => {
      cancelled = true;
      setSessionId(null);
      hlsRef.current?.destroy();
      hlsRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new nonce restarts the same track
  }, [audio, trackId, nonce]);

  const setQuality = (q: Quality) => {
    const hls = hlsRef.current;
    if (!hls) return;
    if (q === -1) hls.currentLevel = -1;
    else hls.nextLevel = q;
  };
  return { levels, setQuality, sessionId };
}
