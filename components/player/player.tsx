'use client';

import { SkipForward } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Cover } from '@/components/catalog/cover';
import { AddToPlaylist } from '@/components/library/add-to-playlist';
import { LikeButton } from '@/components/library/like-button';
import { toggleLike } from '@/components/library/likes';
import { Extras, iconButton, PlayPause, SeekBar, Transport, type PlayerControls } from './controls';
import { FullPlayer } from './full-player';
import { QueuePanel, ShortcutsPanel } from './queue-panel';
import { useAutoplay } from './radio';
import { current, next, previous, replay, setHeardProbe, usePlayerState } from './store';
import { useHeartbeats, type HeardRef } from './use-heartbeats';
import { useHls, type Quality } from './use-hls';
import { useLoudness } from './use-loudness';
import { useMediaSession } from './use-media-session';
import { useResume } from './use-resume';
import { usePlayerShortcuts } from './use-shortcuts';

/** A setting kept in this browser (volume, mute, normalization). */
function useStored<T>(key: string, fallback: T, parse: (raw: string) => T | undefined): [T, (v: T | ((old: T) => T)) => void] {
  const [value, setValue] = useState(fallback);
  useEffect(() => {
    const raw = localStorage.getItem(key);
    const parsed = raw === null ? undefined : parse(raw);
    if (parsed !== undefined) setValue(parsed);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once, on mount
  }, [key]);
  const set = useCallback(
    (v: T | ((old: T) => T)) =>
      setValue((old) => {
        const nv = typeof v === 'function' ? (v as (o: T) => T)(old) : v;
        localStorage.setItem(key, String(nv));
        return nv;
      }),
    [key],
  );
  return [value, set];
}

const unit = (raw: string) => (Number.isFinite(Number(raw)) ? Math.min(1, Math.max(0, Number(raw))) : undefined);
const flag = (raw: string) => raw === 'true' || raw === '1';

/** The player bar: lives in the root layout, so it keeps playing while the listener browses. */
export function Player({ userId }: { userId: string }) {
  const state = usePlayerState();
  const track = current(state);
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState({ now: 0, total: 0, buffered: 0 });
  const [volume, setVolume] = useStored('mist-volume', 1, unit);
  const [muted, setMuted] = useStored('mist-muted', false, flag);
  const [normalize, setNormalize] = useStored('mist-normalize', true, flag);
  const [autoplay, setAutoplay] = useStored('mist-autoplay', true, flag);
  const [quality, setQualityState] = useState<Quality>(-1);
  const [error, setError] = useState<string | null>(null);
  const [retry, setRetry] = useState(0);
  const [panel, setPanel] = useState<'queue' | 'keys' | null>(null);
  const [sheet, setSheet] = useState(false);
  const hls = useHls(audio, track?.id, state.nonce + retry, setError, { autoplay: state.autoplay || retry > 0, at: state.resumeAt });
  useLoudness(audio, track?.gainDb ?? 0, normalize, volume);
  const heard = useRef<HeardRef['current']>(null);
  useHeartbeats(audio, track?.id, hls.sessionId, heard);
  useResume(userId, state, audio);
  useAutoplay(state, autoplay);
  useEffect(() => {
    setHeardProbe(() => {
      const h = heard.current;
      return h && audio ? { trackId: h.trackId, heardMs: h.clock.heardMs, durationMs: audio.duration > 0 && Number.isFinite(audio.duration) ? audio.duration * 1000 : null } : null;
    });
  }, [audio]);

  useEffect(() => setError(null), [track?.id, state.nonce, retry]);

  // Each load of a track has a number; `ended` counts only for the load that actually played.
  // Tearing down the previous source (say, a restored track parked near its end) can fire a
  // late `ended` just after the listener chose another track: that one must not skip ahead.
  const load = useRef({ current: 0, played: -1 });
  useEffect(() => {
    load.current.current++;
  }, [track?.id, state.nonce, retry]);
  const onPlaying = () => (load.current.played = load.current.current);
  const onEnded = () => {
    const a = audio;
    if (!a || load.current.played !== load.current.current) return;
    if (!(a.duration > 0) || a.currentTime < a.duration - 1) return;
    next(true);
  };
  useEffect(() => {
    if (audio) audio.muted = muted;
  }, [audio, muted]);

  const over = state.over;
  const toggle = useCallback(() => {
    if (!audio || !track) return;
    if (over) replay(); // the queue ran out: its last track again, as a new listening session
    else if (audio.paused) void audio.play().catch(() => {});
    else audio.pause();
  }, [audio, track, over]);
  const seek = useCallback((s: number) => audio && (audio.currentTime = Math.max(0, Math.min(audio.duration || 0, s))), [audio]);

  useMediaSession(track, playing, { toggle, seek });

  usePlayerShortcuts(!!(audio && track), { toggle, seek: (d) => audio && seek(audio.currentTime + d), setVolume, setMuted, setPanel, like: () => track && void toggleLike(track.id, track.title) });

  const onTime = () => {
    if (!audio) return;
    const b = audio.buffered;
    setTime({ now: audio.currentTime, total: audio.duration || 0, buffered: b.length ? b.end(b.length - 1) : 0 });
  };

  const c: PlayerControls = {
    state,
    playing,
    toggle,
    time,
    seek,
    volume,
    setVolume,
    muted,
    setMuted,
    normalize,
    setNormalize,
    autoplay,
    setAutoplay,
    quality,
    setQuality: (q) => (setQualityState(q), hls.setQuality(q)),
    levels: hls.levels,
    panel,
    setPanel,
  };

  return (
    <section aria-label="Player" className={`fixed inset-x-0 bottom-14 z-20 border-t border-line bg-surface/95 px-3 py-2 backdrop-blur md:bottom-0 ${track ? '' : 'hidden'}`}>
      <audio ref={setAudio} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} onTimeUpdate={onTime} onProgress={onTime} onDurationChange={onTime} onPlaying={onPlaying} onEnded={onEnded} preload="auto" />
      {track ? (
        <div className="mx-auto flex max-w-6xl items-center gap-3">
          {/* Phone: a thin progress line, the track (opens the full player), play/pause and next. */}
          <div className="absolute inset-x-0 top-0 h-0.5 bg-accent md:hidden" style={{ width: `${time.total ? (time.now / time.total) * 100 : 0}%` }} aria-hidden />
          <button type="button" className="flex min-w-0 flex-1 items-center gap-3 text-left md:hidden" aria-label={`Open the player: ${track.title}`} onClick={() => setSheet(true)}>
            <Cover url={track.coverUrl} title={track.album ?? track.title} size={40} />
            <span className="min-w-0">
              <span className="block truncate text-sm font-medium">{track.title}</span>
              <span className="block truncate text-xs text-muted">{track.artist ?? 'Unknown artist'}</span>
            </span>
          </button>
          <div className="flex items-center gap-1 md:hidden">
            <LikeButton trackId={track.id} title={track.title} size={18} className="p-2" />
            <PlayPause c={c} />
            <button type="button" className={iconButton} aria-label="Next track" onClick={() => next()}>
              <SkipForward aria-hidden size={18} />
            </button>
          </div>

          {/* Desktop: the whole bar. */}
          <div className="hidden min-w-0 items-center gap-3 md:flex md:w-1/4">
            <Cover url={track.coverUrl} title={track.album ?? track.title} size={44} />
            <div className="min-w-0">
              <Link href={`/tracks/${track.id}`} className="block truncate text-sm font-medium hover:underline">
                {track.title}
              </Link>
              <p className="truncate text-xs text-muted">{track.artistId ? <Link href={`/artists/${track.artistId}`}>{track.artist}</Link> : (track.artist ?? 'Unknown artist')}</p>
            </div>
            <LikeButton trackId={track.id} title={track.title} size={18} className="p-2" />
            <AddToPlaylist trackIds={[track.id]} label={`Add ${track.title} to a playlist`} align="left" up />
          </div>
          <div className="hidden flex-1 flex-col items-center gap-1 md:flex">
            <Transport c={c} />
            <SeekBar c={c} />
          </div>
          <div className="hidden md:flex md:w-1/4 md:justify-end">
            <Extras c={c} idPrefix="bar" />
          </div>
        </div>
      ) : null}
      {track && sheet ? <FullPlayer c={c} track={track} onClose={() => setSheet(false)} /> : null}
      {panel === 'queue' ? <QueuePanel state={state} autoplay={autoplay} setAutoplay={setAutoplay} onClose={() => setPanel(null)} /> : null}
      {panel === 'keys' ? <ShortcutsPanel onClose={() => setPanel(null)} /> : null}
      {track && error ? (
        <p role="alert" className="mx-auto mt-1 max-w-6xl text-center text-sm text-danger">
          {error}{' '}
          <button type="button" className="underline" onClick={() => setRetry((r) => r + 1)}>
            Retry
          </button>
        </p>
      ) : null}
    </section>
  );
}
