'use client';

import { useEffect } from 'react';
import { reachesPlay } from '@/lib/listening/plays';
import { startSession } from './device-id';
import { HeardClock, type Beat } from './heard-clock';

const EVERY_MS = 15_000;

/**
 * Heartbeats for the listening session: every 15 s while playing, the moment heard time makes
 * a play (so History and the track page show it at once, not up to 15 s later), and at pause,
 * seek, the end of the track, leaving it for another and page hide (by sendBeacon, which
 * survives the page going away). The server counts the play; the player only reports time heard.
 */
/** The heard clock of the session going on, for telling a skip from a play. */
export type HeardRef = { current: { trackId: string; clock: HeardClock } | null };

export function useHeartbeats(audio: HTMLAudioElement | null, trackId: string | undefined, startedSession: string | null, heard?: HeardRef) {
  useEffect(() => {
    if (!audio || !trackId || !startedSession) return;
    let sessionId = startedSession;
    let url = `/api/listening/sessions/${sessionId}/heartbeat`;
    let clock = new HeardClock();
    if (heard) heard.current = { trackId, clock };
    let seq = 0;
    let ended = false;
    let lastSentHeard = -1;
    let toldPlay = false;

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
    // hls.js already holds the key, so the player asks for it again: a session counts heard
    // time only once its key was fetched.
    const renew = async () => {
      const res = await startSession(trackId);
      if (!res.ok || ended) return;
      const renewed = ((await res.json()) as { sessionId: string }).sessionId;
      await fetch(`/api/tracks/${trackId}/key`, { cache: 'no-store' }).catch(() => {});
      if (ended) return;
      sessionId = renewed;
      url = `/api/listening/sessions/${sessionId}/heartbeat`;
      clock = new HeardClock();
      clock.seeked(audio.currentTime);
      if (heard) heard.current = { trackId, clock };
      seq = 0;
      lastSentHeard = -1;
      toldPlay = false;
    };

    const onTimeUpdate = () => {
      clock.tick(audio.currentTime, !audio.paused && !audio.seeking);
      const durationMs = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration * 1000 : null;
      if (!toldPlay && reachesPlay(clock.heardMs, durationMs)) {
        toldPlay = true;
        beat();
      }
    };

    const onVisibility = () => document.visibilityState === 'hidden' && beat({ beacon: true });
    const timer = setInterval(() => !audio.paused && beat(), EVERY_MS);
    const on: [EventTarget, string, () => void][] = [
      [audio, 'timeupdate', onTimeUpdate],
      [audio, 'seeking', () => beat()],
      [audio, 'seeked', () => clock.seeked(audio.currentTime)],
      [audio, 'pause', () => !audio.ended && beat()],
      [audio, 'ended', () => beat({ end: true })],
      [window, 'pagehide', () => beat({ beacon: true })],
      [document, 'visibilitychange', onVisibility],
    ];
    for (const [target, type, listener] of on) target.addEventListener(type, listener);
    return () => {
      clearInterval(timer);
      for (const [target, type, listener] of on) target.removeEventListener(type, listener);
      beat({ end: true }); // the listener moved on: this session is over
    };
  }, [audio, trackId, startedSession, heard]);
}
