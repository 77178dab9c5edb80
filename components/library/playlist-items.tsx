'use client';

import { Download, GripVertical, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Cover } from '@/components/catalog/cover';
import { PlayableList, PlayButton, QueueButtons, ShuffleButton, WholeList } from '@/components/player/play-button';
import { queueTrackOf, type TrackJson } from '@/components/player/queue-json';
import { current, playQueue, usePlayerState, type QueueTrack } from '@/components/player/store';
import { formatDuration } from '@/lib/format';
import { LikeButton } from './like-button';
import { errorMessage } from './playlist-api';
import { ShowMore, usePagedList, type Page } from './paged-list';
import { toast } from './toast';

/** A row: `position` is the item's index among all the playlist's items (what a move sends). */
export type ItemView = { itemId: string; position: number; queue: QueueTrack; durationMs: number | null };
type ItemJson = { itemId: string; position: number; track: TrackJson & { durationMs: number | null } };

/** After `item` moved from `from` to `to` (indices among every item), each row's index. */
function renumbered(list: ItemView[], item: ItemView, from: number, to: number): ItemView[] {
  return list.map((i) => {
    if (i === item) return { ...i, position: to };
    if (from < to && i.position > from && i.position <= to) return { ...i, position: i.position - 1 };
    if (from > to && i.position >= to && i.position < from) return { ...i, position: i.position + 1 };
    return i;
  });
}

function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * A playlist's tracks. Its owner reorders them by dragging a row, or with Alt+↑/↓ on a
 * focused row, and removes them; each change shows at once and is undone if the server
 * refuses it.
 */
export function PlaylistItems({ playlistId, items: initial, next: firstNext, total, canEdit, exportHref, emptyText }: { playlistId: string; items: ItemView[]; next: string | null; total: number; canEdit: boolean; exportHref: string; emptyText?: string }) {
  const router = useRouter();
  const list = usePagedList(initial, firstNext, fetchPage);
  const { items, setItems, next } = list;
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const focusAfter = useRef<string | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());

  /** The page after `after` (the rows and the next cursor), or null when it cannot be read. */
  async function fetchPage(after: string, limit: number): Promise<Page<ItemView> | null> {
    const res = await fetch(`/api/playlists/${playlistId}?after=${encodeURIComponent(after)}&limit=${limit}`).catch(() => null);
    if (!res?.ok) return null;
    const body = (await res.json()) as { items: ItemJson[]; next: string | null };
    return { rows: body.items.map((i) => ({ itemId: i.itemId, position: i.position, queue: queueTrackOf(i.track), durationMs: i.track.durationMs })), next: body.next };
  }

  useEffect(() => {
    if (focusAfter.current) rows.current.get(focusAfter.current)?.focus();
    focusAfter.current = null;
  }, [items]);

  async function move(from: number, to: number, keepFocus = false) {
    if (from === to || to < 0 || to >= items.length) return;
    const before = items;
    const item = items[from]!;
    if (keepFocus) focusAfter.current = item.itemId;
    // Where the row it lands on is among all the playlist's items (some may not be shown).
    const target = items[to]!.position;
    setItems(renumbered(moved(items, from, to), item, item.position, target));
    setStatus(`Moved ${item.queue.title} to position ${to + 1} of ${Math.max(items.length, total)}`);
    const res = await fetch(`/api/playlists/${playlistId}/items/${item.itemId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ position: target }) }).catch(() => null);
    if (!res?.ok) {
      setItems(before);
      toast(await errorMessage(res, 'Could not move the track.'), 'error');
    }
  }

  async function remove(index: number) {
    const before = items;
    const item = items[index]!;
    setItems(items.filter((_, i) => i !== index).map((i) => (i.position > item.position ? { ...i, position: i.position - 1 } : i)));
    const res = await fetch(`/api/playlists/${playlistId}/items/${item.itemId}`, { method: 'DELETE' }).catch(() => null);
    if (!res?.ok) {
      setItems(before);
      toast(await errorMessage(res, 'Could not remove the track.'), 'error');
      return;
    }
    toast(`Removed “${item.queue.title}”`);
    router.refresh();
  }

  const queue = items.map((i) => i.queue);
  return (
    <PlayableList tracks={queue}>
      <WholeList value={next ? async () => (await list.whole()).map((i) => i.queue) : null}>
      <div className="flex flex-wrap items-center gap-3">
        <PlayButton index={0} label="Play" big />
        {items.length > 1 ? <ShuffleButton /> : null}
        <a href={exportHref} download className="inline-flex items-center gap-2 rounded-full px-3 py-2 text-sm text-muted hover:text-fg">
          <Download aria-hidden size={16} /> Export M3U8
        </a>
      </div>
      <p aria-live="polite" className="sr-only">
        {status}
      </p>
      {items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-line p-8 text-center text-muted">
          {canEdit ? (
            <p>
              This playlist is empty. Add tracks from any list’s menu (“Add to playlist”), an album page, or the player. <Link href="/" className="text-fg underline">Browse music</Link>
            </p>
          ) : (
            <p>{emptyText ?? 'This playlist is empty.'}</p>
          )}
        </div>
      ) : (
        <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line" aria-label={canEdit ? 'Tracks (drag, or Alt+↑/↓ on a row, to reorder)' : 'Tracks'}>
          {items.map((item, i) => (
            <li
              key={item.itemId}
              ref={(el) => void (el ? rows.current.set(item.itemId, el) : rows.current.delete(item.itemId))}
              tabIndex={canEdit ? 0 : undefined}
              draggable={canEdit}
              data-item-id={item.itemId}
              aria-label={canEdit ? `${i + 1}. ${item.queue.title}` : undefined}
              onDragStart={(e) => {
                setDragging(i);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', item.itemId);
              }}
              onDragOver={(e) => {
                if (dragging === null) return;
                e.preventDefault();
                setOver(i);
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (dragging !== null) void move(dragging, i);
                setDragging(null);
                setOver(null);
              }}
              onDragEnd={() => (setDragging(null), setOver(null))}
              onKeyDown={(e) => {
                if (!canEdit || !e.altKey || e.target !== e.currentTarget) return;
                if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
                  e.preventDefault();
                  void move(i, e.key === 'ArrowUp' ? i - 1 : i + 1, true);
                }
              }}
              className={`outline-none focus-visible:ring-2 focus-visible:ring-accent ${dragging === i ? 'opacity-50' : ''} ${over === i && dragging !== null && dragging !== i ? (dragging < i ? 'border-b-2 border-b-accent' : 'border-t-2 border-t-accent') : ''}`}
            >
              <ItemRow item={item} index={i} queue={queue} canEdit={canEdit} onRemove={() => void remove(i)} />
            </li>
          ))}
        </ol>
      )}
      <ShowMore list={list} total={total} />
      </WholeList>
    </PlayableList>
  );
}

/** One row: highlighted while its track plays; a double-click plays the playlist from it. */
function ItemRow({ item, index, queue, canEdit, onRemove }: { item: ItemView; index: number; queue: QueueTrack[]; canEdit: boolean; onRemove: () => void }) {
  const t = item.queue;
  const playing = current(usePlayerState())?.id === t.id;
  return (
    <div
      aria-current={playing ? 'true' : undefined}
      onDoubleClick={(e) => (e.target as HTMLElement).closest('a,button') === null && playQueue(queue, index)}
      className={`flex items-center gap-3 px-3 py-2 ${playing ? 'bg-accent/10' : 'hover:bg-surface-2'}`}
    >
        {canEdit ? <GripVertical aria-hidden size={16} className="shrink-0 cursor-grab text-muted" /> : null}
        <PlayButton index={index} label={`Play ${t.title}`} />
        <Cover url={t.coverUrl} title={t.album ?? t.title} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{t.title}</p>
          <p className="truncate text-xs text-muted">
            {t.artistId ? <Link href={`/artists/${t.artistId}`} className="hover:underline">{t.artist}</Link> : (t.artist ?? 'Unknown artist')}
            {t.albumId ? (
              <>
                {' · '}
                <Link href={`/albums/${t.albumId}`} className="hover:underline">
                  {t.album}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        {/* On a phone the title keeps the width: queue actions stay in the player. */}
        <span className="hidden sm:contents">
          <QueueButtons index={index} />
        </span>
        <LikeButton trackId={t.id} title={t.title} />
        <span className="w-12 text-right text-sm tabular-nums text-muted">{item.durationMs ? formatDuration(item.durationMs) : ''}</span>
        {canEdit ? (
          <button type="button" aria-label={`Remove ${t.title} from this playlist`} title="Remove from playlist" onClick={onRemove} className="rounded-full p-1.5 text-muted hover:bg-surface hover:text-danger">
            <Trash2 aria-hidden size={16} />
          </button>
        ) : null}
    </div>
  );
}
