'use client';

import { AudioWaveform, Infinity as Endless, Keyboard, ListMusic, Pause, Play, Repeat, Repeat1, Shuffle, SkipBack, SkipForward, Volume2, VolumeX } from 'lucide-react';
import { clock } from './format';
import { cycleRepeat, next, previous, toggleShuffle, type PlayerState } from './store';
import type { Quality } from './use-hls';

export const iconButton = 'rounded-full p-2 text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-40';

/** Everything the controls read and change, owned by the Player. */
export type PlayerControls = {
  state: PlayerState;
  playing: boolean;
  toggle: () => void;
  time: { now: number; total: number; buffered: number };
  seek: (seconds: number) => void;
  volume: number;
  setVolume: (v: number) => void;
  muted: boolean;
  setMuted: (m: boolean) => void;
  normalize: boolean;
  setNormalize: (on: boolean) => void;
  /** When the queue runs out, radio goes on from what was playing. */
  autoplay: boolean;
  setAutoplay: (on: boolean) => void;
  quality: Quality;
  setQuality: (q: Quality) => void;
  levels: number;
  panel: 'queue' | 'keys' | null;
  setPanel: (p: 'queue' | 'keys' | null) => void;
};

export function PlayPause({ c, big }: { c: PlayerControls; big?: boolean }) {
  const size = big ? 28 : 18;
  return (
    <button type="button" className={`rounded-full bg-fg text-bg ${big ? 'p-4' : 'p-2'}`} aria-label={c.playing ? 'Pause' : 'Play'} onClick={c.toggle}>
      {c.playing ? <Pause aria-hidden size={size} /> : <Play aria-hidden size={size} />}
    </button>
  );
}

/** Shuffle, previous, play/pause, next, repeat. */
export function Transport({ c, big }: { c: PlayerControls; big?: boolean }) {
  const size = big ? 24 : 18;
  return (
    <div className={`flex items-center ${big ? 'gap-4' : 'gap-1'}`}>
      <button type="button" className={iconButton} aria-label="Shuffle" aria-pressed={c.state.shuffle} onClick={toggleShuffle}>
        <Shuffle aria-hidden size={size - 2} className={c.state.shuffle ? 'text-accent' : ''} />
      </button>
      <button type="button" className={iconButton} aria-label="Previous track" onClick={previous}>
        <SkipBack aria-hidden size={size} />
      </button>
      <PlayPause c={c} big={big} />
      <button type="button" className={iconButton} aria-label="Next track" onClick={() => next()}>
        <SkipForward aria-hidden size={size} />
      </button>
      <button type="button" className={iconButton} aria-label={`Repeat: ${c.state.repeat}`} onClick={cycleRepeat}>
        {c.state.repeat === 'one' ? <Repeat1 aria-hidden size={size - 2} className="text-accent" /> : <Repeat aria-hidden size={size - 2} className={c.state.repeat === 'all' ? 'text-accent' : ''} />}
      </button>
    </div>
  );
}

/** Elapsed, the seek bar over the buffered range, total. */
export function SeekBar({ c }: { c: PlayerControls }) {
  const { now, total, buffered } = c.time;
  return (
    <div className="flex w-full items-center gap-2 text-xs tabular-nums text-muted">
      <span>{clock(now)}</span>
      <div className="relative flex-1">
        <div className="absolute inset-y-[7px] left-0 rounded bg-muted/30" style={{ width: `${total ? (buffered / total) * 100 : 0}%` }} aria-hidden />
        <input type="range" aria-label="Seek" aria-valuetext={`${clock(now)} of ${clock(total)}`} min={0} max={total || 0} step={0.1} value={now} onChange={(e) => c.seek(Number(e.target.value))} className="relative w-full accent-[var(--accent)]" />
      </div>
      <span>{clock(total)}</span>
    </div>
  );
}

/** The autoplay switch: on, similar tracks follow when the queue runs out. */
export function AutoplayToggle({ on, set, withText }: { on: boolean; set: (on: boolean) => void; withText?: boolean }) {
  return (
    <button
      type="button"
      className={withText ? 'inline-flex shrink-0 items-center gap-2 whitespace-nowrap rounded-full border border-line px-3 py-1 text-sm hover:bg-surface-2' : iconButton}
      aria-label="Autoplay"
      aria-pressed={on}
      title={on ? 'Autoplay: on (similar tracks follow when the queue runs out)' : 'Autoplay: off (playback stops when the queue runs out)'}
      onClick={() => set(!on)}
    >
      <Endless aria-hidden size={18} className={on ? 'text-accent' : ''} />
      {withText ? <span>Autoplay {on ? 'on' : 'off'}</span> : null}
    </button>
  );
}

/** Volume, loudness normalization, autoplay, queue, shortcuts and quality. */
export function Extras({ c, idPrefix }: { c: PlayerControls; idPrefix: string }) {
  return (
    <div className="flex items-center gap-2">
      <button type="button" className={iconButton} aria-label={c.muted ? 'Unmute' : 'Mute'} onClick={() => c.setMuted(!c.muted)}>
        {c.muted ? <VolumeX aria-hidden size={18} /> : <Volume2 aria-hidden size={18} />}
      </button>
      <input type="range" aria-label="Volume" min={0} max={1} step={0.05} value={c.volume} onChange={(e) => c.setVolume(Number(e.target.value))} className="w-20 accent-[var(--accent)]" />
      <button
        type="button"
        className={iconButton}
        aria-label="Loudness normalization"
        aria-pressed={c.normalize}
        title={c.normalize ? 'Loudness normalization: on (every track at the same loudness)' : 'Loudness normalization: off (tracks as mastered)'}
        onClick={() => c.setNormalize(!c.normalize)}
      >
        <AudioWaveform aria-hidden size={18} className={c.normalize ? 'text-accent' : ''} />
      </button>
      <AutoplayToggle on={c.autoplay} set={c.setAutoplay} />
      <button type="button" className={iconButton} aria-label="Queue" aria-expanded={c.panel === 'queue'} onClick={() => c.setPanel(c.panel === 'queue' ? null : 'queue')}>
        <ListMusic aria-hidden size={18} />
      </button>
      <button type="button" className={`${iconButton} hidden md:inline-flex`} aria-label="Keyboard shortcuts" aria-expanded={c.panel === 'keys'} onClick={() => c.setPanel(c.panel === 'keys' ? null : 'keys')}>
        <Keyboard aria-hidden size={18} />
      </button>
      <label className="sr-only" htmlFor={`${idPrefix}-quality`}>
        Quality
      </label>
      <select id={`${idPrefix}-quality`} value={c.quality} onChange={(e) => c.setQuality(Number(e.target.value) as Quality)} className="rounded-md border border-line bg-bg px-1 py-1 text-xs" disabled={!c.levels}>
        <option value={-1}>Auto</option>
        <option value={0}>64 kbps</option>
        <option value={1}>128 kbps</option>
        <option value={2}>192 kbps</option>
      </select>
    </div>
  );
}
