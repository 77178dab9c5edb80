import { describe, expect, it } from 'vitest';
import { buildM3u8, m3u8Filename } from './m3u8';

describe('M3U8 export', () => {
  it('writes #EXTM3U, then #EXTINF with rounded seconds and "artist - title" before each URL', () => {
    const text = buildM3u8('Road trip', [
      { title: 'Théâtre', artist: 'Zoë', durationMs: 187_600, url: 'https://mist.example/tracks/1' },
      { title: 'Untagged', artist: null, durationMs: null, url: 'https://mist.example/tracks/2' },
    ]);
    expect(text).toBe(
      '#EXTM3U\n#PLAYLIST:Road trip\n#EXTINF:188,Zoë - Théâtre\nhttps://mist.example/tracks/1\n#EXTINF:-1,Untagged\nhttps://mist.example/tracks/2\n',
    );
  });

  it('keeps a title with line breaks on its own #EXTINF line', () => {
    const text = buildM3u8('x', [{ title: 'Two\r\nlines', artist: 'A\nB', durationMs: 1000, url: '/tracks/1' }]);
    expect(text.split('\n')).toEqual(['#EXTM3U', '#PLAYLIST:x', '#EXTINF:1,A B - Two lines', '/tracks/1', '']);
  });

  it('names the file safely', () => {
    expect(m3u8Filename('Café "mix" / 2026')).toBe('Cafe mix  2026.m3u8');
    expect(m3u8Filename('../../etc/passwd')).toBe('etcpasswd.m3u8');
    expect(m3u8Filename('日本語')).toBe('playlist.m3u8');
  });
});
