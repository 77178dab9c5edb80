'use client';

import { useEffect } from 'react';
import { HeardClock, type Beat } from './heard-clock';

const EVERY_MS = 15_000;

/**
 * Heartbeats for the listening session: every 15 s while playing, and at pause, seek, the
 * end of the track, leaving it for another and page hide (by sendBeacon, which survives the
 * page going away). The server counts the play; the player only reports time heard.
 */
export function useHeartbeats(audio: HTMLAudioElement | null, trackId: string | undefined, startedSession: string | null) {
  useEffect(() => {
    if (!audio || !trackId || !startedSession) return;
    let sessionId = startedSession;
    let url = `/api/listening/sessions/${sessionId}/heartbeat`;
    let clock = new HeardClock();
    let seq = 0;
    let ended = false;
    let lastSentHeard = -1;

    const beat = (opts: { end?: boolean; beacon?: boolean } = {}) => {
      if (ended) return;
      if (opts.end) ended = true;
      const body: Beat = { positionMs: Math.round((audio.currentTime || 0) * 1000), heardMs: clock.heardMs, seq: ++seq, ...(opts.end ? { ended: true } : {}) };
      if (!opts.end && body.heardMs === lastSentHeard) return; // nothing new to say
      lastSentHeard = body.heardMs;
      const json = JSON.stringify(body);
      if (opts.beacon && navigator.sendBeacon?.(url, new Blob([json], { type: 'text/plain' }))) return;
      void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json, keepalive: true })
        .then((res) => (res.status === 409 && !ended ? renew() : undefined))
        .catch(() => {});
    };

    // The server closed the session (a long pause outlived it): listening on is a new session.
    const renew = async () => {
      const res = await fetch('/api/listening/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackId }) });
      if (!res.ok || ended) return;
      sessionId = ((await res.json()) as { sessionId: string }).sessionId;
      url = `/api/listening/sessions/${sessionId}/heartbeat`;
      clock = new HeardClock();
      clock.seeked(audio.currentTime);
      seq = 0;
      lastSentHeard = -1;
    };

    const onTime = () => clock.tick(audio.currentTime, !audio.paused && !audio.seeking);
    const onSeeking = () => beat();
    const onSeeked = () => clock.seeked(audio.currentTime);
    const onPause = () => !audio.ended && beat();
    const onEnded = () => beat({ end: true });
    const onHide = () => beat({ beacon: true });
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    const timer = setInterval(() => !audio.paused && beat(), EVERY_MS);

    audio.addEventListener('timeupdate', onTime);
    audio.addEventListener('seeking', onSeeking);
    audio.addEventListener('seeked', onSeeked);
    audio.addEventListener('pause', onPause);
    audio.addEventListener('ended', onEnded);
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      audio.removeEventListener('timeupdate', onTime);
      audio.removeEventListener('seeking', onSeeking);
      audio.removeEventListener('seeked', onSeeked);
      audio.removeEventListener('pause', onPause);
      audio.removeEventListener('ended', onEnded);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      beat({ end: true }); // the listener moved on: this session is over
    };
  }, [audio, trackId, startedSession]);
}
