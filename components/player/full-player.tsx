'use client';

import { ChevronDown } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { Cover } from '@/components/catalog/cover';
import { AddToPlaylist } from '@/components/library/add-to-playlist';
import { LikeButton } from '@/components/library/like-button';
import { Extras, iconButton, SeekBar, Transport, type PlayerControls } from './controls';
import type { QueueTrack } from './store';

/**
 * The phone's full player: a sheet over the page with a large cover and every control.
 * Escape or the chevron closes it; focus starts on the close button and returns to the bar.
 */
export function FullPlayer({ c, track, onClose }: { c: PlayerControls; track: QueueTrack; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, [onClose]);

  // A portal: the bar's backdrop blur would otherwise make it the sheet's containing block.
  return createPortal(
    <div role="dialog" aria-modal="true" aria-label="Now playing" className="fixed inset-0 z-40 flex flex-col items-center gap-6 overflow-y-auto bg-bg px-6 pb-8 pt-4 motion-safe:animate-[sheet-up_160ms_ease-out]">
      <div className="flex w-full items-center justify-between">
        <button ref={close} type="button" className={iconButton} aria-label="Close the player" onClick={onClose}>
          <ChevronDown aria-hidden size={24} />
        </button>
        <p className="text-xs uppercase tracking-wide text-muted">Now playing</p>
        <span className="w-10" />
      </div>
      <Cover url={track.coverUrl} title={track.album ?? track.title} size={256} />
      <div className="w-full text-center">
        <Link href={`/tracks/${track.id}`} onClick={onClose} className="block truncate text-xl font-semibold hover:underline">
          {track.title}
        </Link>
        <p className="truncate text-muted">
          {track.artistId ? (
            <Link href={`/artists/${track.artistId}`} onClick={onClose} className="hover:underline">
              {track.artist}
            </Link>
          ) : (
            (track.artist ?? 'Unknown artist')
          )}
          {track.albumId ? (
            <>
              {' · '}
              <Link href={`/albums/${track.albumId}`} onClick={onClose} className="hover:underline">
                {track.album}
              </Link>
            </>
          ) : null}
        </p>
        <div className="mt-2 flex justify-center gap-2">
          <LikeButton trackId={track.id} title={track.title} size={22} className="p-2" />
          <AddToPlaylist trackIds={[track.id]} label={`Add ${track.title} to a playlist`} text="Add to playlist" align="left" />
        </div>
      </div>
      <SeekBar c={c} />
      <Transport c={c} big />
      {/* The queue and shortcuts open over the bar: the sheet steps aside for them. */}
      <Extras c={{ ...c, setPanel: (p) => (onClose(), c.setPanel(p)) }} idPrefix="sheet" />
    </div>,
    document.body,
  );
}
