import type { Db } from '@/db/client';
import { getTrackRow } from '@/db/queries/tracks';
import { HLS_VARIANTS } from '@/lib/media/hls';
import type { Storage } from '@/lib/storage/types';
import { masterKeyOf, versionPrefix } from '@/lib/tracks/keys';

const VARIANT = /^(64k|128k|192k)$/;

export const playlistUrlOf = (trackId: string, file: string) => `/api/tracks/${trackId}/hls/${file}`;

/** The published HLS version of a track (a reprocess in progress has already bumped hlsVersion); 0 when none. */
export const publishedVersion = (masterKey: string | null) => Number(/\/v(\d+)\/master\.m3u8$/.exec(masterKey ?? '')?.[1] ?? 0);

/**
 * Playlists are served by the app, not from storage: the key URI in them
 * (`/api/tracks/<id>/key`) then resolves against MIST's own origin wherever the segments
 * live, so moving MIST or the storage never means re-encoding. Segments stay absolute
 * storage (or CDN) URLs.
 */
export async function renderPlaylist(storage: Storage, trackId: string, version: number, file: string): Promise<string | null> {
  if (file === 'master.m3u8') {
    const master = new TextDecoder().decode(await storage.readBytes(masterKeyOf(trackId, version)));
    return master.replace(/^(64k|128k|192k)\/index\.m3u8$/gm, (_m, v: string) => playlistUrlOf(trackId, `${v}.m3u8`));
  }
  const variant = /^([a-z0-9]+)\.m3u8$/.exec(file)?.[1];
  if (!variant || !VARIANT.test(variant)) return null;
  const prefix = `${versionPrefix(trackId, version)}${variant}/`;
  const text = new TextDecoder().decode(await storage.readBytes(`${prefix}index.m3u8`));
  return text.replace(/^(seg_\d+\.ts)$/gm, (_m, segment: string) => storage.publicUrl(prefix + segment));
}

/**
 * What a player needs before its first segment, keyed by the URL it would fetch each from:
 * the master and the variant it starts on (the lowest). Handed out with a new listening
 * session, they save the player two round trips. Nothing secret is in them (the key URI,
 * not the key); empty when the track has no published version.
 */
export async function startingPlaylists(db: Db, storage: Storage, trackId: string): Promise<Record<string, string>> {
  const track = await getTrackRow(db, trackId);
  const version = publishedVersion(track?.masterKey ?? null);
  if (!track || track.status !== 'ready' || !version) return {};
  const files = ['master.m3u8', `${HLS_VARIANTS[0].name}.m3u8`];
  const texts = await Promise.all(files.map((file) => renderPlaylist(storage, trackId, version, file)));
  return Object.fromEntries(files.flatMap((file, i) => (texts[i] === null ? [] : [[playlistUrlOf(trackId, file), texts[i]!]])));
}
