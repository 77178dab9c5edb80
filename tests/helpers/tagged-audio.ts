import path from 'node:path';
import { resolveMediaTools, runTool } from '@/lib/media/tools';

export type Tags = { title: string; artist: string; album: string; track: number; seconds: number; frequency: number };

/** A tagged FLAC (a sine at `frequency`) made with ffmpeg, named after its title. */
export async function taggedFlac(dir: string, t: Tags): Promise<string> {
  const out = path.join(dir, `${t.artist}-${t.album}-${t.track}.flac`.replace(/[^\w.-]+/g, '_'));
  await runTool(resolveMediaTools().ffmpeg, [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `sine=frequency=${t.frequency}:duration=${t.seconds}`,
    '-metadata', `title=${t.title}`, '-metadata', `artist=${t.artist}`, '-metadata', `album=${t.album}`, '-metadata', `track=${t.track}`,
    out,
  ]);
  return out;
}
