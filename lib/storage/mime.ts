/**
 * Content types and caching for stored objects, by key. Pure: used when writing to S3 and
 * when the app serves local media, so both backends answer with the same headers.
 */

const typesByExtension: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  json: 'application/json',
};

function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function contentTypeFor(key: string): string {
  return typesByExtension[extensionOf(key)] ?? 'application/octet-stream';
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Public but revalidated on every use (cheap with ETag): for anything that may change in place. */
export const REVALIDATE = 'public, no-cache';
export const PRIVATE = 'private, no-store';

/** `tracks/<id>/v<n>/...`: a new encode writes a new version, never over an old one. */
const VERSIONED = /^tracks\/[^/]+\/v\d+\//;
const IMAGE = /^(jpe?g|png|webp)$/;

/**
 * Why playlists may be immutable: every encode goes to a new `tracks/<id>/v<n>/` folder and
 * the database points at the current version, so a URL under a version names bytes that
 * never change. Re-encoding (new segments, a new key and IV) bumps `n`; nothing is ever
 * rewritten under an old version, so a CDN or browser may keep it for a year. An
 * unversioned playlist would be revalidated instead.
 *
 * Segments (`.ts`) and covers are immutable too (covers are written once per track; a
 * changed cover must get a new key, e.g. under the new version, not overwrite the old one).
 * Originals, and anything outside `tracks/`, are private and never cached.
 */
export function cacheControlFor(key: string): string {
  if (!key.startsWith('tracks/')) return PRIVATE;
  if (VERSIONED.test(key)) return IMMUTABLE;
  const ext = extensionOf(key);
  if (ext === 'ts' || IMAGE.test(ext)) return IMMUTABLE;
  return REVALIDATE;
}

/** Both, for `Storage.put*` calls: `storage.putFile(key, file, objectOptionsFor(key))`. */
export function objectOptionsFor(key: string): { contentType: string; cacheControl: string } {
  return { contentType: contentTypeFor(key), cacheControl: cacheControlFor(key) };
}
