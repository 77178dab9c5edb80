import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueTrack } from './store';

type Store = typeof import('./store');
type Radio = typeof import('./radio');
let s: Store;
let r: Radio;
// A fresh store per test: the player keeps one module-level state, as a page does.
beforeEach(async () => {
  vi.resetModules();
  s = await import('./store');
  r = await import('./radio');
});

const t = (id: string): QueueTrack => ({ id, title: id, artist: null, artistId: null, album: null, albumId: null, coverUrl: null, gainDb: 0 });
const ids = (q: QueueTrack[]) => q.map((x) => x.id);
const state = () => s.getPlayerState();

describe('radio in the player', () => {
  it('a radio queue asks for more from its seed, excluding everything recent, with what was heard', () => {
    s.playQueue([t('old')], 0);
    s.startRadio([t('a'), t('b'), t('c')], { albumId: 'al' });
    s.setHeardProbe(() => ({ trackId: 'a', heardMs: 40_000, durationMs: 200_000 }));
    s.next();
    expect(r.refillRequest(state())).toEqual({ seed: { albumId: 'al' }, exclude: ['c', 'b', 'a', 'old'], heard: ['c', 'b', 'a', 'old'], skipped: [], limit: r.RADIO_BATCH });
  });

  it('any other queue asks from the track playing', () => {
    s.playQueue([t('a'), t('b')], 1);
    expect(r.refillRequest(state())?.seed).toEqual({ trackId: 'b' });
    expect(state().radio).toBeNull();
  });

  it('a Next before the play counts is a skip, remembered for the rest of the radio; a play heard long enough is not', () => {
    let heard = { trackId: 'a', heardMs: 5_000, durationMs: 200_000 as number | null };
    s.setHeardProbe(() => heard);
    s.startRadio([t('a'), t('b'), t('c'), t('d')], { trackId: 'a' });
    s.next(); // a: 5 s heard
    heard = { trackId: 'b', heardMs: 31_000, durationMs: 200_000 };
    s.next(); // b counted
    heard = { trackId: 'b', heardMs: 0, durationMs: 200_000 }; // c's session has not started yet
    s.next();
    s.next(true); // d ended by itself
    expect(state().radio?.skipped).toEqual(['a', 'c']);
    expect(r.refillRequest(state())).toMatchObject({ skipped: ['a', 'c'], heard: ['d', 'b'] });
    // A new queue is not that radio any more.
    s.playQueue([t('x')], 0);
    expect(state().radio).toBeNull();
  });

  it('appends what arrives, never anything of the last 50, and not to a queue started since', () => {
    const many = Array.from({ length: 60 }, (_, i) => t(`t${i}`));
    s.startRadio(many, { trackId: 't0' });
    const generation = state().generation;
    s.appendToQueue([t('t5'), t('t30'), t('new'), t('new')], generation);
    // t5 is 55 tracks back: no longer recent. t30 is.
    expect(ids(state().queue).slice(60)).toEqual(['t5', 'new']);
    s.playQueue([t('x')], 0);
    s.appendToQueue([t('late')], generation);
    expect(ids(state().queue)).toEqual(['x']);
  });

  it('a queue that already ran out plays on with what arrives', () => {
    s.startRadio([t('a')], { trackId: 'a' });
    s.next(true);
    expect(state().over).toBe(true);
    expect(s.current()?.id).toBe('a');
    s.appendToQueue([t('b'), t('c')], state().generation);
    expect(s.current()?.id).toBe('b');
    expect(state().autoplay).toBe(true);
  });
});
