'use client';

import { Keyboard, ListMusic, Pause, Play, Repeat, Repeat1, Shuffle, SkipBack, SkipForward, Volume2, VolumeX } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { Cover } from '@/components/catalog/cover';
import { clock } from './format';
import { QueuePanel, ShortcutsPanel } from './queue-panel';
import { current, cycleRepeat, next, previous, toggleShuffle, usePlayerState } from './store';
import { useHls, type Quality } from './use-hls';

const iconButton = 'rounded-full p-2 text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-40';

/** The player bar: lives in the root layout, so it keeps playing while the listener browses. */
export function Player() {
  const state = usePlayerState();
  const track = current(state);
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState({ now: 0, total: 0, buffered: 0 });
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [quality, setQualityState] = useState<Quality>(-1);
  const [error, setError] = useState<string | null>(null);
  const [retry, setRetry] = useState(0);
  const [panel, setPanel] = useState<'queue' | 'keys' | null>(null);
  const { levels, setQuality } = useHls(audio, track?.id, state.nonce + retry, setError, { autoplay: state.autoplay || retry > 0, at: state.resumeAt });


  useEffect(() => setError(null), [track?.id, state.nonce, retry]);
  useEffect(() => {
    const saved = Number(localStorage.getItem('mist-volume') ?? 1);
    setVolume(Number.isFinite(saved) ? Math.min(1, Math.max(0, saved)) : 1);
    setMuted(localStorage.getItem('mist-muted') === '1');
  }, []);
  useEffect(() => {
    if (!audio) return;
    audio.volume = volume;
    audio.muted = muted;
    localStorage.setItem('mist-volume', String(volume));
    localStorage.setItem('mist-muted', muted ? '1' : '0');
  }, [audio, volume, muted]);

  const toggle = useCallback(() => {
    if (!audio || !track) return;
    if (audio.paused) void audio.play().catch(() => {});
    else audio.pause();
  }, [audio, track]);

  useEffect(() => {
    if (!track || !('mediaSession' in navigator)) return;
    navigator.mediaSession.metadata = new MediaMetadata({ title: track.title, artist: track.artist ?? '', album: track.album ?? '', artwork: track.coverUrl ? [{ src: track.coverUrl }] : [] });
    navigator.mediaSession.setActionHandler('play', toggle);
    navigator.mediaSession.setActionHandler('pause', toggle);
    navigator.mediaSession.setActionHandler('nexttrack', () => next());
    navigator.mediaSession.setActionHandler('previoustrack', previous);
    navigator.mediaSession.setActionHandler('seekto', (d) => audio && d.seekTime !== undefined && (audio.currentTime = d.seekTime));
  }, [track, toggle, audio]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!audio || !track || e.metaKey || e.ctrlKey || e.altKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable) return;
      const actions: Record<string, () => void> = {
        ' ': toggle,
        ArrowRight: () => (audio.currentTime = Math.min(audio.duration || 0, audio.currentTime + 10)),
        ArrowLeft: () => (audio.currentTime = Math.max(0, audio.currentTime - 10)),
        ArrowUp: () => setVolume((v) => Math.min(1, v + 0.1)),
        ArrowDown: () => setVolume((v) => Math.max(0, v - 0.1)),
        m: () => setMuted((m) => !m),
        '?': () => setPanel((p) => (p === 'keys' ? null : 'keys')),
        n: () => next(),
        p: previous,
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [audio, track, toggle]);

  const onTime = () => {
    if (!audio) return;
    const b = audio.buffered;
    setTime({ now: audio.currentTime, total: audio.duration || 0, buffered: b.length ? b.end(b.length - 1) : 0 });
  };

  return (
    <section aria-label="Player" className={`fixed inset-x-0 bottom-14 z-20 border-t border-line bg-surface/95 px-3 py-2 backdrop-blur md:bottom-0 ${track ? '' : 'hidden'}`}>
      <audio ref={setAudio} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} onTimeUpdate={onTime} onProgress={onTime} onDurationChange={onTime} onEnded={() => next(true)} preload="auto" />
      {track ? (
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 md:flex-nowrap">
          <div className="flex min-w-0 flex-1 items-center gap-3 md:w-1/4 md:flex-none">
            <Cover url={track.coverUrl} title={track.album ?? track.title} size={44} />
            <div className="min-w-0">
              <p className="truncate text-sm font-medium">{track.title}</p>
              <p className="truncate text-xs text-muted">{track.artistId ? <Link href={`/artists/${track.artistId}`}>{track.artist}</Link> : (track.artist ?? 'Unknown artist')}</p>
            </div>
          </div>
          <div className="flex flex-1 flex-col items-center gap-1">
            <div className="flex items-center gap-1">
              <button type="button" className={iconButton} aria-label="Shuffle" aria-pressed={state.shuffle} onClick={toggleShuffle}>
                <Shuffle aria-hidden size={16} className={state.shuffle ? 'text-accent' : ''} />
              </button>
              <button type="button" className={iconButton} aria-label="Previous track" onClick={previous}>
                <SkipBack aria-hidden size={18} />
              </button>
              <button type="button" className="rounded-full bg-fg p-2 text-bg" aria-label={playing ? 'Pause' : 'Play'} onClick={toggle}>
                {playing ? <Pause aria-hidden size={18} /> : <Play aria-hidden size={18} />}
              </button>
              <button type="button" className={iconButton} aria-label="Next track" onClick={() => next()}>
                <SkipForward aria-hidden size={18} />
              </button>
              <button type="button" className={iconButton} aria-label={`Repeat: ${state.repeat}`} onClick={cycleRepeat}>
                {state.repeat === 'one' ? <Repeat1 aria-hidden size={16} className="text-accent" /> : <Repeat aria-hidden size={16} className={state.repeat === 'all' ? 'text-accent' : ''} />}
              </button>
            </div>
            <div className="flex w-full items-center gap-2 text-xs tabular-nums text-muted">
              <span>{clock(time.now)}</span>
              <div className="relative flex-1">
                <div className="absolute inset-y-[7px] left-0 rounded bg-muted/30" style={{ width: `${time.total ? (time.buffered / time.total) * 100 : 0}%` }} aria-hidden />
                <input type="range" aria-label="Seek" min={0} max={time.total || 0} step={0.1} value={time.now} onChange={(e) => audio && (audio.currentTime = Number(e.target.value))} className="relative w-full accent-[var(--accent)]" />
              </div>
              <span>{clock(time.total)}</span>
            </div>
          </div>
          <div className="flex items-center gap-2 md:w-1/4 md:justify-end">
            <button type="button" className={iconButton} aria-label={muted ? 'Unmute' : 'Mute'} onClick={() => setMuted(!muted)}>
              {muted ? <VolumeX aria-hidden size={18} /> : <Volume2 aria-hidden size={18} />}
            </button>
            <input type="range" aria-label="Volume" min={0} max={1} step={0.05} value={volume} onChange={(e) => setVolume(Number(e.target.value))} className="w-20 accent-[var(--accent)]" />
            <button type="button" className={iconButton} aria-label="Queue" aria-expanded={panel === 'queue'} onClick={() => setPanel(panel === 'queue' ? null : 'queue')}>
              <ListMusic aria-hidden size={18} />
            </button>
            <button type="button" className={`${iconButton} hidden md:inline-flex`} aria-label="Keyboard shortcuts" aria-expanded={panel === 'keys'} onClick={() => setPanel(panel === 'keys' ? null : 'keys')}>
              <Keyboard aria-hidden size={18} />
            </button>
            <label className="sr-only" htmlFor="quality">
              Quality
            </label>
            <select
              id="quality"
              value={quality}
              onChange={(e) => {
                const q = Number(e.target.value) as Quality;
                setQualityState(q);
                setQuality(q);
              }}
              className="rounded-md border border-line bg-bg px-1 py-1 text-xs"
              disabled={!levels}
            >
              <option value={-1}>Auto</option>
              <option value={0}>64 kbps</option>
              <option value={1}>128 kbps</option>
              <option value={2}>192 kbps</option>
            </select>
          </div>
          {panel === 'queue' ? <QueuePanel state={state} onClose={() => setPanel(null)} /> : null}
          {panel === 'keys' ? <ShortcutsPanel onClose={() => setPanel(null)} /> : null}
          {error ? (
            <p role="alert" className="w-full text-center text-sm text-danger">
              {error}{' '}
              <button type="button" className="underline" onClick={() => setRetry((r) => r + 1)}>
                Retry
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
