'use client';

import { useEffect } from 'react';
import { restore, snapshot, type PlayerState, type QueueTrack, type SavedPlayer } from './store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const savedPlayerKey = (userId: string) => `mist-player:${userId}`;

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : null);
const uuid = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v : null);

/** What localStorage gave back, checked field by field: a damaged entry restores nothing. */
export function parseSaved(raw: string | null): SavedPlayer | null {
  try {
    const saved = JSON.parse(raw ?? 'null') as Record<string, unknown> | null;
    if (!saved || !Array.isArray(saved.queue) || typeof saved.index !== 'number') return null;
    const queue: QueueTrack[] = [];
    for (const item of saved.queue.slice(0, 1000) as Record<string, unknown>[]) {
      const id = uuid(item?.id);
      const title = text(item?.title);
      if (!id || title === null) return null;
      const coverUrl = text(item.coverUrl);
      queue.push({
        id,
        title,
        artist: text(item.artist),
        artistId: uuid(item.artistId),
        album: text(item.album),
        albumId: uuid(item.albumId),
        coverUrl: coverUrl && (coverUrl.startsWith('/') || coverUrl.startsWith('https://') || coverUrl.startsWith('http://')) ? coverUrl : null,
        gainDb: typeof item.gainDb === 'number' && Number.isFinite(item.gainDb) ? Math.max(-24, Math.min(24, item.gainDb)) : 0,
      });
    }
    const time = typeof saved.time === 'number' && Number.isFinite(saved.time) ? saved.time : 0;
    return { queue, index: saved.index, time, shuffle: saved.shuffle === true, repeat: saved.repeat === 'all' || saved.repeat === 'one' ? saved.repeat : 'off' };
  } catch {
    return null;
  }
}

/**
 * Resume after a reload: this listener's queue, track and position are kept in this
 * browser (under their own key, so another account here starts fresh) and brought back
 * paused. A track the listener starts before the restore lands always wins (see `restore`).
 */
export function useResume(userId: string, state: PlayerState, audio: HTMLAudioElement | null) {
  useEffect(() => {
    const saved = parseSaved(localStorage.getItem(savedPlayerKey(userId)));
    if (saved) restore(saved);
  }, [userId]);

  useEffect(() => {
    if (state.index < 0) {
      if (state.nonce > 0) localStorage.removeItem(savedPlayerKey(userId)); // the queue ran out
      return;
    }
    const save = () => {
      // A queue that ran out comes back with its last track at the start, ready to play again.
      const s = snapshot(state.over ? 0 : audio?.currentTime || state.resumeAt, state);
      if (s) localStorage.setItem(savedPlayerKey(userId), JSON.stringify(s));
    };
    save();
    const timer = setInterval(save, 5000);
    window.addEventListener('pagehide', save);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [userId, state, audio]);
}

/** Sign-out: the next person at this browser finds no trace of what was playing. */
export function forgetSavedPlayers() {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith('mist-player')) localStorage.removeItem(key);
  }
}
