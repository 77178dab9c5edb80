'use client';

import { ListFilter, Sparkles } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import type { SmartRules } from '@/lib/library/smart-rules';
import { ownPlaylists } from './playlist-api';
import { SmartRulesEditor, type EditorSubmit } from './smart-rules-editor';
import { toast } from './toast';

/** Sends a playlist body; an error's message and field errors for the editor to show. */
async function send(url: string, method: 'POST' | 'PATCH', body: unknown): Promise<{ ok: true; id: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  if (!res) return { ok: false, message: 'The server did not answer. Try again.' };
  const json = (await res.json().catch(() => null)) as { playlist?: { id: string }; error?: { message?: string; fieldErrors?: Record<string, string[]> } } | null;
  if (!res.ok || !json?.playlist) return { ok: false, message: json?.error?.message ?? 'Could not save the playlist.', fieldErrors: json?.error?.fieldErrors };
  return { ok: true, id: json.playlist.id };
}

/** The link beside "New playlist" on /playlists. */
export function NewSmartPlaylistLink() {
  return (
    <Link href="/playlists/smart/new" className={buttonClass('secondary')}>
      <Sparkles aria-hidden size={16} /> New smart playlist
    </Link>
  );
}

/** A name and rules, then the new smart playlist's page. */
export function NewSmartPlaylistForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const create: EditorSubmit = async (rules) => {
    const result = await send('/api/playlists', 'POST', { name, rules });
    if (!result.ok) return result;
    void ownPlaylists(true);
    router.push(`/playlists/${result.id}`);
    router.refresh();
    return result;
  };
  return (
    <SmartRulesEditor submitLabel="Create smart playlist" onSubmit={create} onCancel={() => router.push('/playlists')}>
      <label className="block max-w-md space-y-1 text-sm">
        <span className="font-medium">Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="Fresh favourites" className="w-full rounded-md border border-line bg-bg px-3 py-2" />
      </label>
    </SmartRulesEditor>
  );
}

/** The owner's "Edit rules": the editor in place, then the playlist evaluated again. */
export function EditRules({ playlistId, rules }: { playlistId: string; rules: SmartRules }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={buttonClass('secondary')}>
        <ListFilter aria-hidden size={16} /> Edit rules
      </button>
    );
  }
  const save: EditorSubmit = async (next) => {
    const result = await send(`/api/playlists/${playlistId}`, 'PATCH', { rules: next });
    if (!result.ok) return result;
    setOpen(false);
    toast('Rules saved');
    router.refresh();
    return result;
  };
  return (
    <div className="w-full rounded-xl border border-line p-4">
      <SmartRulesEditor initial={rules} submitLabel="Save rules" onSubmit={save} onCancel={() => setOpen(false)} />
    </div>
  );
}
