'use client';

import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { createPlaylist } from './playlist-api';

/** "New playlist": a name, then the new playlist's page. */
export function NewPlaylistForm() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className={buttonClass('primary')} onClick={() => setOpen(true)}>
        <Plus aria-hidden size={16} /> New playlist
      </button>
    );
  }
  return (
    <form
      className="flex gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
        if (!name) return;
        setBusy(true);
        const playlist = await createPlaylist(name);
        setBusy(false);
        if (playlist) {
          router.push(`/playlists/${playlist.id}`);
          router.refresh();
        }
      }}
    >
      <input name="name" aria-label="New playlist name" placeholder="Playlist name" maxLength={100} required autoFocus className="rounded-md border border-line bg-bg px-3 py-2 text-sm" />
      <button type="submit" disabled={busy} className={buttonClass('primary')}>
        Create
      </button>
      <button type="button" className={buttonClass('secondary')} onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
