'use client';

import { useEffect } from 'react';
import { next, previous, type QueueTrack } from './store';

type Actions = { toggle: () => void; seek: (s: number) => unknown };

/**
 * What the system shows of the player (lock screen, notification, media keys, the browser's
 * media hub): the track with its cover, whether it plays, and buttons that act on MIST's player.
 */
export function useMediaSession(track: QueueTrack | undefined, playing: boolean, actions: Actions) {
  const { toggle, seek } = actions;
  useEffect(() => {
    if (!('mediaSession' in navigator)) return;
    const session = navigator.mediaSession;
    if (!track) {
      session.metadata = null;
      return;
    }
    session.metadata = new MediaMetadata({
      title: track.title,
      artist: track.artist ?? '',
      album: track.album ?? '',
      artwork: track.coverUrl ? [{ src: new URL(track.coverUrl, location.href).href }] : [{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' }],
    });
  }, [track]);

  useEffect(() => {
    if (!('mediaSession' in navigator)) return;
    const session = navigator.mediaSession;
    const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
      ['play', toggle],
      ['pause', toggle],
      ['nexttrack', () => next()],
      ['previoustrack', () => previous()],
      ['seekto', (d) => void (d.seekTime !== undefined && seek(d.seekTime))],
    ];
    for (const [action, handler] of handlers) session.setActionHandler(action, handler);
    return () => {
      for (const [action] of handlers) session.setActionHandler(action, null);
    };
  }, [toggle, seek]);

  useEffect(() => {
    if ('mediaSession' in navigator) navigator.mediaSession.playbackState = track ? (playing ? 'playing' : 'paused') : 'none';
  }, [track, playing]);

  useNowPlayingTitle(playing ? track : undefined);
}

/**
 * While a track plays, the tab says so ("▶ Title · Artist — MIST"); the page's own title comes
 * back when it stops. Next sets the title on every navigation: the label is put back each time.
 */
function useNowPlayingTitle(track: QueueTrack | undefined) {
  const label = track ? `▶ ${track.title}${track.artist ? ` · ${track.artist}` : ''} — MIST` : null;
  useEffect(() => {
    if (!label) return;
    let pageTitle = document.title;
    const apply = () => {
      if (document.title === label) return;
      pageTitle = document.title;
      document.title = label;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = pageTitle;
    };
  }, [label]);
}
