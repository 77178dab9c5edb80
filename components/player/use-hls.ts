'use client';

import Hls from 'hls.js';
import { useEffect, useRef, useState } from 'react';

export type Quality = -1 | 0 | 1 | 2;

/** What went wrong, in words a listener understands. */
function describe(details: string | undefined, status?: number): string {
  if (details?.startsWith('key')) return 'This track’s key was refused. Sign in again, or ask an admin if it keeps happening.';
  if (status === 404 || details === 'manifestLoadError') return 'This track is no longer available.';
  return 'The connection to the server was lost. Check your network and retry.';
}

/**
 * Loads a track into the audio element: a listening session first (it entitles the player
 * to the key), then the master playlist through hls.js, or natively where only native HLS exists.
 */
export function useHls(audio: HTMLAudioElement | null, trackId: string | undefined, nonce: number, onError: (message: string) => void, start: { autoplay: boolean; at: number }) {
  const hlsRef = useRef<Hls | null>(null);
  const [levels, setLevels] = useState(0);
  const [sessionId, setSessionId] = useState<string | null>(null);

  useEffect(() => {
    if (!audio || !trackId) return;
    let cancelled = false;
    // A restored session (after a reload) waits, paused, where the listener was.
    const begin = () => {
      if (start.at > 0) audio.currentTime = start.at;
      if (start.autoplay) void audio.play().catch(() => {});
    };
    (async () => {
      const res = await fetch('/api/listening/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackId }) }).catch(() => null);
      if (cancelled) return;
      if (!res?.ok) return onError(res?.status === 404 ? 'This track is no longer available.' : res?.status === 401 ? 'Your session has ended. Sign in again.' : describe(undefined));
      const { masterUrl, sessionId: id } = (await res.json()) as { masterUrl: string; sessionId: string };
      if (cancelled) return;
      setSessionId(id);
      if (Hls.isSupported()) {
        // Buffer ahead 30-60 s, not the whole track; start on the lowest variant for a fast start.
        const hls = new Hls({ maxBufferLength: 30, maxMaxBufferLength: 60, startLevel: 0, testBandwidth: false });
        hlsRef.current = hls;
        hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
          setLevels(data.levels.length);
          begin();
        });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal) onError(describe(data.details, data.response?.code));
        });
        hls.loadSource(masterUrl);
        hls.attachMedia(audio);
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
