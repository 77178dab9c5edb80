'use client';

import { ArrowDown, ArrowUp, Play, X } from 'lucide-react';
import { useState } from 'react';
import { AutoplayToggle } from './controls';
import { moveInQueue, playAt, removeFromQueue, type PlayerState } from './store';

const small = 'rounded p-1 text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-30';

/**
 * The queue: play any item now, drag (or use the arrows) to reorder, remove what is not
 * playing; and the autoplay switch, since it decides what comes after the last item.
 */
export function QueuePanel({ state, autoplay, setAutoplay, onClose }: { state: PlayerState; autoplay: boolean; setAutoplay: (on: boolean) => void; onClose: () => void }) {
  const [dragging, setDragging] = useState<number | null>(null);
  return (
    <div role="dialog" aria-label="Queue" className="fixed bottom-32 right-2 z-30 max-h-[60vh] w-[min(26rem,calc(100vw-1rem))] overflow-y-auto rounded-xl border border-line bg-surface p-3 shadow-2xl md:bottom-24">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="font-semibold">Queue</h2>
        <button type="button" className={small} aria-label="Close the queue" onClick={onClose}>
          <X aria-hidden size={16} />
        </button>
      </div>
      <ol className="space-y-1">
        {state.queue.map((t, i) => (
          <li
            key={`${t.id}-${i}`}
            draggable
            onDragStart={() => setDragging(i)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => (dragging !== null ? moveInQueue(dragging, i) : undefined, setDragging(null))}
            aria-current={i === state.index ? 'true' : undefined}
            className={`flex items-center gap-2 rounded-md px-2 py-1 text-sm ${i === state.index ? 'bg-accent/15' : 'hover:bg-surface-2'}`}
          >
            <button type="button" className={small} aria-label={`Play ${t.title} now`} onClick={() => playAt(i)}>
              <Play aria-hidden size={14} />
            </button>
            <span className="min-w-0 flex-1 truncate">
              {t.title}
              <span className="text-muted"> · {t.artist ?? 'Unknown artist'}</span>
            </span>
            <button type="button" className={small} aria-label={`Move ${t.title} up`} disabled={i === 0} onClick={() => moveInQueue(i, i - 1)}>
              <ArrowUp aria-hidden size={14} />
            </button>
            <button type="button" className={small} aria-label={`Move ${t.title} down`} disabled={i === state.queue.length - 1} onClick={() => moveInQueue(i, i + 1)}>
              <ArrowDown aria-hidden size={14} />
            </button>
            <button type="button" className={small} aria-label={`Remove ${t.title} from the queue`} disabled={i === state.index} onClick={() => removeFromQueue(i)}>
              <X aria-hidden size={14} />
            </button>
          </li>
        ))}
      </ol>
      <div className="mt-3 flex items-center justify-between gap-3 border-t border-line pt-3 text-sm text-muted">
        <span>{autoplay ? (state.radio ? 'Radio: more follows when the queue runs out' : 'Similar tracks follow when the queue runs out') : 'Playback stops when the queue runs out'}</span>
        <AutoplayToggle on={autoplay} set={setAutoplay} withText />
      </div>
    </div>
  );
}

export function ShortcutsPanel({ onClose }: { onClose: () => void }) {
  const keys: [string, string][] = [
    ['Space', 'Play / pause'],
    ['← / →', 'Back / forward 10 s'],
    ['↑ / ↓', 'Volume'],
    ['M', 'Mute'],
    ['N / P', 'Next / previous track'],
    ['L', 'Like / unlike'],
    ['?', 'This help'],
  ];
  return (
    <div role="dialog" aria-label="Keyboard shortcuts" className="fixed bottom-32 right-2 z-30 w-64 rounded-xl border border-line bg-surface p-3 text-sm shadow-2xl md:bottom-24">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="font-semibold">Keyboard shortcuts</h2>
        <button type="button" className={small} aria-label="Close the shortcuts" onClick={onClose}>
          <X aria-hidden size={16} />
        </button>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        {keys.map(([k, v]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-line px-1 text-xs">{k}</kbd>
            </dt>
            <dd className="text-muted">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
