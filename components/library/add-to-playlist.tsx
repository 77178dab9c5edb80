'use client';

import { ListPlus, MoreHorizontal, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { addToPlaylist, createPlaylist, ownPlaylists, type PlaylistName } from './playlist-api';
import { Menu, menuItem } from './menu';

type Props = {
  /** The tracks to add, or a function giving them when a playlist is chosen (a selection may change). */
  trackIds: string[] | (() => string[]);
  /** Names the button: "Add Song to a playlist", "Add album to playlist". */
  label: string;
  /** A labelled button instead of the "more" icon. */
  text?: string;
  align?: 'left' | 'right';
  /** Opens upwards (the player bar at the bottom of the screen). */
  up?: boolean;
  onAdded?: () => void;
};

/**
 * "Add to playlist": the listener's playlists and "New playlist…". When some tracks are
 * already there, it asks "add again?" before adding them twice.
 */
export function AddToPlaylist({ trackIds, label, text, align, up, onAdded }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [lists, setLists] = useState<PlaylistName[] | null>(null);
  const [naming, setNaming] = useState(false);
  const [asking, setAsking] = useState<{ playlist: PlaylistName; already: number; total: number } | null>(null);

  useEffect(() => {
    if (!open) return;
    setNaming(false);
    setAsking(null);
    void ownPlaylists().then(setLists);
  }, [open]);

  async function add(playlist: PlaylistName, ifAlreadyThere?: 'skip' | 'add') {
    const ids = typeof trackIds === 'function' ? trackIds() : trackIds;
    const result = await addToPlaylist(playlist, ids, ifAlreadyThere);
    if (!result.ok && 'already' in result) return setAsking({ playlist, already: result.already.length, total: ids.length });
    setOpen(false);
    if (result.ok) onAdded?.();
  }

  async function create(name: string) {
    const playlist = await createPlaylist(name);
    if (!playlist) return;
    await add(playlist);
    router.refresh(); // the navigation lists it
  }

  const button = text ? (
    <span className="inline-flex items-center gap-2 whitespace-nowrap px-3 py-1 text-sm font-medium text-fg">
      <ListPlus aria-hidden size={18} /> {text}
    </span>
  ) : (
    <MoreHorizontal aria-hidden size={16} />
  );
  return (
    <Menu label={label} button={button} open={open} setOpen={setOpen} align={align} up={up}>
      {asking ? (
        <div className="space-y-2 p-2 text-sm" role="group" aria-label="Already in playlist">
          <p>
            {asking.total === 1 ? 'Already in' : `${asking.already} of ${asking.total} already in`} {asking.playlist.name}. Add {asking.already === 1 ? 'it' : 'them'} again?
          </p>
          <div className="flex gap-2">
            <button type="button" role="menuitem" className="rounded-md bg-accent px-3 py-1 font-medium text-accent-fg" onClick={() => void add(asking.playlist, 'add')}>
              Add again
            </button>
            {asking.total > asking.already ? (
              <button type="button" role="menuitem" className="rounded-md border border-line px-3 py-1" onClick={() => void add(asking.playlist, 'skip')}>
                Add the others
              </button>
            ) : null}
            <button type="button" role="menuitem" className="rounded-md px-3 py-1 text-muted" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : naming ? (
        <form
          className="flex gap-1 p-1"
          onSubmit={(e) => {
            e.preventDefault();
            const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
            if (name) void create(name);
          }}
        >
          <input name="name" aria-label="New playlist name" placeholder="Playlist name" maxLength={100} required className="min-w-0 flex-1 rounded-md border border-line bg-bg px-2 py-1 text-sm" />
          <button type="submit" className="rounded-md bg-accent px-2 py-1 text-sm font-medium text-accent-fg">
            Create
          </button>
        </form>
      ) : (
        <>
          <p className="px-3 pb-1 pt-2 text-xs font-medium uppercase tracking-wide text-muted">Add to playlist</p>
          <button type="button" role="menuitem" className={menuItem} onClick={() => setNaming(true)}>
            <Plus aria-hidden size={16} /> New playlist…
          </button>
          {lists === null ? <p className="px-3 py-2 text-sm text-muted">Loading…</p> : null}
          <div className="max-h-64 overflow-y-auto">
            {lists?.map((p) => (
              <button key={p.id} type="button" role="menuitem" className={menuItem} onClick={() => void add(p)}>
                <span className="truncate">{p.name}</span>
              </button>
            ))}
          </div>
        </>
      )}
    </Menu>
  );
}
