/** Storage keys of a track: deterministic, so every pipeline step can be retried safely. */
export const originalKey = (trackId: string) => `originals/${trackId}/source`;
export const trackPrefix = (trackId: string) => `tracks/${trackId}/`;
export const versionPrefix = (trackId: string, version: number) => `tracks/${trackId}/v${version}/`;
export const masterKeyOf = (trackId: string, version: number) => `${versionPrefix(trackId, version)}master.m3u8`;
export const coverKeyOf = (trackId: string, version: number, ext: string) => `${versionPrefix(trackId, version)}cover.${ext}`;
/**
 * The key URI written into a version's playlists: a path on MIST's own origin, never an
 * origin itself. Each version has its own key, so the URI names the version.
 */
export const keyUriOf = (trackId: string, version: number) => `/api/tracks/${trackId}/key?v=${version}`;
