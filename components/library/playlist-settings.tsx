'use client';

import { Pencil, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { errorMessage, ownPlaylists } from './playlist-api';
import { toast } from './toast';

type Editable = { id: string; name: string; description: string; isPublic: boolean };

/** The owner's controls: rename, describe, make public or private, delete (after asking). */
export function PlaylistSettings({ playlist }: { playlist: Editable }) {
  const router = useRouter();
  const [mode, setMode] = useState<'idle' | 'edit' | 'delete'>('idle');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(form: FormData) {
    setBusy(true);
    setError(null);
    const body = { name: String(form.get('name') ?? ''), description: String(form.get('description') ?? ''), isPublic: form.get('isPublic') === 'on' };
    const res = await fetch(`/api/playlists/${playlist.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    setBusy(false);
    if (!res?.ok) return setError(await errorMessage(res, 'Could not save.'));
    setMode('idle');
    toast('Saved');
    void ownPlaylists(true);
    router.refresh();
  }

  async function destroy() {
    setBusy(true);
    const res = await fetch(`/api/playlists/${playlist.id}`, { method: 'DELETE' }).catch(() => null);
    setBusy(false);
    if (!res?.ok) return setError(await errorMessage(res, 'Could not delete.'));
    toast(`Deleted “${playlist.name}”`);
    void ownPlaylists(true);
    router.push('/playlists');
    router.refresh();
  }

  if (mode === 'edit') {
    return (
      <form action={save} className="max-w-xl space-y-3 rounded-xl border border-line p-4">
        <label className="block space-y-1 text-sm">
          <span className="font-medium">Name</span>
          <input name="name" defaultValue={playlist.name} required maxLength={100} className="w-full rounded-md border border-line bg-bg px-3 py-2" />
        </label>
        <label className="block space-y-1 text-sm">
          <span className="font-medium">Description</span>
          <textarea name="description" defaultValue={playlist.description} maxLength={1000} rows={3} className="w-full rounded-md border border-line bg-bg px-3 py-2" />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="isPublic" defaultChecked={playlist.isPublic} className="size-4 accent-[var(--accent)]" />
          Public: every listener on this server can see and play it
        </label>
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <div className="flex gap-2">
          <button type="submit" disabled={busy} className={buttonClass('primary')}>
            Save
          </button>
          <button type="button" onClick={() => setMode('idle')} className={buttonClass('secondary')}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  if (mode === 'delete') {
    return (
      <div role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-text" className="max-w-xl space-y-3 rounded-xl border border-danger/50 p-4">
        <p id="delete-title" className="font-medium">
          Delete “{playlist.name}”?
        </p>
        <p id="delete-text" className="text-sm text-muted">
          The playlist goes for good; its tracks stay in the library.
        </p>
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <div className="flex gap-2">
          <button type="button" disabled={busy} onClick={() => void destroy()} className={buttonClass('danger')} autoFocus>
            Delete playlist
          </button>
          <button type="button" onClick={() => setMode('idle')} className={buttonClass('secondary')}>
            Keep it
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="flex gap-2">
      <button type="button" onClick={() => setMode('edit')} className={buttonClass('secondary')}>
        <Pencil aria-hidden size={16} /> Edit details
      </button>
      <button type="button" onClick={() => setMode('delete')} className={buttonClass('danger')}>
        <Trash2 aria-hidden size={16} /> Delete
      </button>
    </div>
  );
}
