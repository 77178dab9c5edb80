'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { toast } from './toast';

/** Liked or not, per track id, as far as this page knows; undefined: not asked yet. */
let liked = new Map<string, boolean>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));

function set(id: string, value: boolean) {
  liked = new Map(liked).set(id, value);
  emit();
}

/** Whether the listener likes the track (false until known). */
export function useLiked(trackId: string | undefined): boolean {
  return useSyncExternalStore(
    subscribe,
    () => (trackId ? liked.get(trackId) === true : false),
    () => false,
  );
}

// Asks about every track shown on the page in one request per tick, not one per heart.
let pending = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

async function flush() {
  const ids = [...pending];
  pending = new Set();
  timer = undefined;
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const res = await fetch(`/api/me/likes?trackIds=${batch.join(',')}`).catch(() => null);
    if (!res?.ok) continue;
    const { liked: yes } = (await res.json()) as { liked: string[] };
    liked = new Map(liked);
    for (const id of batch) if (!liked.has(id)) liked.set(id, yes.includes(id));
    emit();
  }
}

/** Makes sure the page knows whether `trackId` is liked. */
export function useAskLiked(trackId: string | undefined) {
  useEffect(() => {
    if (!trackId || liked.has(trackId)) return;
    pending.add(trackId);
    timer ??= setTimeout(flush, 0);
  }, [trackId]);
}

/** Likes or unlikes at once on screen; puts it back and says so if the server refuses. */
export async function toggleLike(trackId: string, title: string) {
  const was = liked.get(trackId) === true;
  set(trackId, !was);
  const res = await fetch(`/api/me/likes/${trackId}`, { method: was ? 'DELETE' : 'PUT' }).catch(() => null);
  if (!res?.ok) {
    set(trackId, was);
    toast(`Could not ${was ? 'unlike' : 'like'} “${title}”. Try again.`, 'error');
    return;
  }
  toast(was ? `Removed “${title}” from Liked songs` : `Added “${title}” to Liked songs`);
}
