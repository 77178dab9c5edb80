import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueTrack } from './store';

type Store = typeof import('./store');
let s: Store;
// A fresh store per test: the player keeps one module-level state, as a page does.
beforeEach(async () => {
  vi.resetModules();
  s = await import('./store');
});

const t = (id: string): QueueTrack => ({ id, title: id, artist: null, artistId: null, album: null, albumId: null, coverUrl: null, gainDb: 0 });
const ids = (q: QueueTrack[]) => q.map((x) => x.id);
const ALBUM = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(t);

describe('the play queue', () => {
  it('plays next, adds, reorders and removes without losing the playing track', () => {
    s.playQueue([t('a'), t('b'), t('c')], 0);
    expect(s.current()?.id).toBe('a');
    s.playNext(t('x'));
    s.addToQueue(t('z'));
    s.next();
    expect(s.current()?.id).toBe('x');
    s.moveInQueue(4, 0); // z to the front: x keeps playing
    expect(s.current()?.id).toBe('x');
    s.removeFromQueue(0); // z gone
    expect(s.current()?.id).toBe('x');
    s.moveInQueue(1, 3); // x to the end, still playing
    expect(s.current()?.id).toBe('x');
    s.previous();
    expect(s.current()?.id).toBe('c');
    s.removeFromQueue(2); // the playing track cannot be removed from under the listener
    expect(s.current()?.id).toBe('c');
  });

  it('stops after the last track unless repeat is all; repeat one restarts the same track', () => {
    s.playQueue([t('a'), t('b')], 1);
    s.cycleRepeat(); // all
    s.next(true);
    expect(s.current()?.id).toBe('a');
    s.cycleRepeat(); // one
    s.next(true);
    expect(s.current()?.id).toBe('a');
    s.cycleRepeat(); // off
    s.next(true);
    s.next(true);
    // The queue is over: its last track stays in the player, and Play starts it again.
    expect(s.current()?.id).toBe('b');
    expect(s.getPlayerState().over).toBe(true);
    const nonce = s.getPlayerState().nonce;
    s.replay();
    expect(s.current()?.id).toBe('b');
    expect(s.getPlayerState()).toMatchObject({ over: false, nonce: nonce + 1, autoplay: true, resumeAt: 0 });
  });
});

describe('shuffle', () => {
  it('plays every track of the album once, in an order that is not always the album order', () => {
    const orders = new Set<string>();
    for (let run = 0; run < 20; run++) {
      s.shuffleQueue(ALBUM);
      const heard = [s.current()!.id];
      for (let i = 1; i < ALBUM.length; i++) {
        s.next(true);
        heard.push(s.current()!.id);
      }
      expect([...heard].sort()).toEqual(ids(ALBUM));
      orders.add(heard.join(''));
      s.next(true);
      expect(s.getPlayerState().over, 'repeat off: silence after the last track').toBe(true);
      expect(s.current()?.id, 'the last track stays in the player').toBe(heard.at(-1));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('keeps the playing track when turned on, and goes back to the album order when turned off', () => {
    s.playQueue(ALBUM, 2);
    s.toggleShuffle();
    expect(s.current()?.id).toBe('c');
    expect(ids(s.getPlayerState().queue).sort()).toEqual(ids(ALBUM));
    expect(s.getPlayerState().index).toBe(0);
    s.next();
    s.next();
    const playing = s.current()!.id;
    s.toggleShuffle();
    expect(s.current()?.id).toBe(playing);
    expect(ids(s.getPlayerState().queue)).toEqual(ids(ALBUM));
  });

  it('while on, a list started from a row begins with that row', () => {
    s.toggleShuffle();
    s.playQueue(ALBUM, 5);
    expect(s.current()?.id).toBe('f');
  });
});

describe('restore after a reload', () => {
  it('brings back the queue, track and position, paused', () => {
    s.restore({ queue: ALBUM, index: 3, time: 42.5, shuffle: false, repeat: 'all' });
    const state = s.snapshot(42.5);
    expect(state).toMatchObject({ index: 3, time: 42.5, repeat: 'all' });
    expect(s.current()?.id).toBe('d');
  });

  it('never replaces a track the listener already started on this page', () => {
    s.playQueue([t('x')], 0);
    s.restore({ queue: ALBUM, index: 3, time: 42.5, shuffle: false, repeat: 'off' });
    expect(s.current()?.id).toBe('x');
  });

  it('ignores a saved index that points nowhere', () => {
    s.restore({ queue: ALBUM, index: 99, time: 1, shuffle: false, repeat: 'off' });
    expect(s.current()).toBeUndefined();
  });
});
