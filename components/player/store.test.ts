import { describe, expect, it } from 'vitest';
import { addToQueue, current, moveInQueue, next, playNext, playQueue, previous, removeFromQueue, type QueueTrack } from './store';

const t = (id: string): QueueTrack => ({ id, title: id, artist: null, artistId: null, album: null, albumId: null, coverUrl: null });

describe('the play queue', () => {
  it('plays next, adds, reorders and removes without losing the playing track', () => {
    playQueue([t('a'), t('b'), t('c')], 0);
    expect(current()?.id).toBe('a');
    playNext(t('x'));
    addToQueue(t('z'));
    next();
    expect(current()?.id).toBe('x');
    moveInQueue(4, 0); // z to the front: x keeps playing
    expect(current()?.id).toBe('x');
    removeFromQueue(0); // z gone
    expect(current()?.id).toBe('x');
    moveInQueue(1, 3); // x to the end, still playing
    expect(current()?.id).toBe('x');
    previous();
    expect(current()?.id).toBe('c');
    removeFromQueue(2); // the playing track cannot be removed from under the listener
    expect(current()?.id).toBe('c');
  });
});
