'use client';

import { Radio } from 'lucide-react';
import { useState } from 'react';
import { toast } from '@/components/library/toast';
import { useHydrated } from './play-button';
import { fetchRadio, RADIO_BATCH } from './radio';
import { startRadio, type QueueTrack, type RadioSeed } from './store';

/**
 * "Start radio": asks for the first tracks from `seed` and plays them as a radio queue (more
 * follow as it runs low). `lead` (a track page's own track) plays first.
 */
export function StartRadioButton({ seed, lead }: { seed: RadioSeed; lead?: QueueTrack }) {
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const tracks = await fetchRadio({ seed, limit: RADIO_BATCH });
      const queue = lead ? [lead, ...tracks.filter((t) => t.id !== lead.id)] : tracks;
      if (queue.length) startRadio(queue, seed);
      else toast('Nothing to play on this radio yet.', 'error');
    } catch {
      toast('The radio could not start. Try again.', 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={!hydrated || busy} aria-busy={busy} onClick={start} className="inline-flex items-center gap-2 rounded-full border border-line px-5 py-2 font-medium hover:bg-surface-2 disabled:opacity-60">
      <Radio aria-hidden size={18} />
      Start radio
    </button>
  );
}
