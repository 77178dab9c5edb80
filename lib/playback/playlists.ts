import type { Storage } from '@/lib/storage/types';
import { masterKeyOf, versionPrefix } from '@/lib/tracks/keys';

const VARIANT = /^(64k|128k|192k)$/;

/**
 * Playlists are served by the app, not from storage: the key URI in them
 * (`/api/tracks/<id>/key`) then resolves against MIST's own origin wherever the segments
 * live, so moving MIST or the storage never means re-encoding. Segments stay absolute
 * storage (or CDN) URLs.
 */
export async function renderPlaylist(storage: Storage, trackId: string, version: number, file: string): Promise<string | null> {
  if (file === 'master.m3u8') {
    const master = new TextDecoder().decode(await storage.readBytes(masterKeyOf(trackId, version)));
    return master.replace(/^(64k|128k|192k)\/index\.m3u8$/gm, (_m, v: string) => `/api/tracks/${trackId}/hls/${v}.m3u8`);
  }
  const variant = /^([a-z0-9]+)\.m3u8$/.exec(file)?.[1];
  if (!variant || !VARIANT.test(variant)) return null;
  const prefix = `${versionPrefix(trackId, version)}${variant}/`;
  const text = new TextDecoder().decode(await storage.readBytes(`${prefix}index.m3u8`));
  return text.replace(/^(seg_\d+\.ts)$/gm, (_m, segment: string) => storage.publicUrl(prefix + segment));
}
