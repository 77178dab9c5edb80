/** One entry of an exported playlist. */
export type M3uEntry = { title: string; artist: string | null; durationMs: number | null; url: string };

/** Tag text on one line: an #EXTINF title may not break the file. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/** An extended M3U (UTF-8, so M3U8): #EXTINF:<seconds>,<artist> - <title>, then the URL. */
export function buildM3u8(name: string, entries: M3uEntry[]): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(name)}`];
  for (const e of entries) {
    const seconds = e.durationMs === null ? -1 : Math.round(e.durationMs / 1000);
    lines.push(`#EXTINF:${seconds},${e.artist ? `${oneLine(e.artist)} - ` : ''}${oneLine(e.title)}`, e.url);
  }
  return lines.join('\n') + '\n';
}

/** A download name any file system takes: letters, digits, spaces, dots, dashes; never empty. */
export function m3u8Filename(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .replace(/^[ .]+|[ .]+$/g, '')
    .slice(0, 80);
  return `${safe || 'playlist'}.m3u8`;
}
