/**
 * Pure HLS playlist checks. ffmpeg's output is verified before a track is published, because
 * what a listener would notice (a variant that never plays, a segment sent in the clear, a
 * stream that never ends) is cheaper to catch here than in a browser.
 */

export const AAC_LC_CODECS = 'mp4a.40.2';

export type MasterEntry = { uri: string; bandwidth?: number; averageBandwidth?: number; codecs?: string };
export type VariantSegment = { uri: string; durationSeconds: number };
export type VariantCheck = { problems: string[]; segments: VariantSegment[]; iv?: string };

/** Attribute lists: KEY=VALUE pairs where quoted values may hold commas. */
export function parseAttributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    const value = match[2];
    out[match[1]] = value.startsWith('"') ? value.slice(1, -1) : value;
  }
  return out;
}

const linesOf = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function parseMasterPlaylist(text: string): MasterEntry[] {
  const lines = linesOf(text);
  const entries: MasterEntry[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const attrs = parseAttributes(line.slice('#EXT-X-STREAM-INF:'.length));
    const uri = lines[i + 1] && !lines[i + 1].startsWith('#') ? lines[i + 1] : '';
    entries.push({
      uri,
      ...(attrs.BANDWIDTH ? { bandwidth: Number(attrs.BANDWIDTH) } : {}),
      ...(attrs['AVERAGE-BANDWIDTH'] ? { averageBandwidth: Number(attrs['AVERAGE-BANDWIDTH']) } : {}),
      ...(attrs.CODECS ? { codecs: attrs.CODECS } : {}),
    });
  });
  return entries;
}

/** Problems a player would hit with this master playlist; empty when it is fine. */
export function checkMasterPlaylist(text: string, expectedVariants: number): string[] {
  const problems: string[] = [];
  if (!text.startsWith('#EXTM3U')) problems.push('master playlist does not start with #EXTM3U');
  const entries = parseMasterPlaylist(text);
  if (entries.length !== expectedVariants) problems.push(`master playlist lists ${entries.length} variants, expected ${expectedVariants}`);
  for (const entry of entries) {
    if (!entry.uri) problems.push('a variant in the master playlist has no URI');
    if (!entry.bandwidth || !(entry.bandwidth > 0)) problems.push(`variant ${entry.uri} has no BANDWIDTH`);
    if (entry.codecs !== AAC_LC_CODECS) problems.push(`variant ${entry.uri} has CODECS=${entry.codecs ?? '(none)'}, expected ${AAC_LC_CODECS}`);
  }
  return problems;
}

/**
 * Checks an encrypted VOD variant: every key is AES-128 at exactly `keyUri` with an explicit,
 * non-zero IV (ffmpeg 5.1 silently uses IV 0 when the key info file has none), the segments
 * are listed, and the playlist ends (else players treat it as live and wait forever).
 */
export function checkVariantPlaylist(text: string, options: { keyUri: string }): VariantCheck {
  const problems: string[] = [];
  const lines = linesOf(text);
  if (lines[0] !== '#EXTM3U') problems.push('variant playlist does not start with #EXTM3U');
  if (!lines.includes('#EXT-X-PLAYLIST-TYPE:VOD')) problems.push('variant playlist is not a VOD playlist');

  const segments: VariantSegment[] = [];
  let iv: string | undefined;
  let keyed = false;
  lines.forEach((line, i) => {
    if (line.startsWith('#EXT-X-KEY:')) {
      const attrs = parseAttributes(line.slice('#EXT-X-KEY:'.length));
      keyed = true;
      if (attrs.METHOD !== 'AES-128') problems.push(`key METHOD is ${attrs.METHOD ?? '(none)'}, expected AES-128`);
      if (attrs.URI !== options.keyUri) problems.push(`key URI is ${attrs.URI ?? '(none)'}, expected ${options.keyUri}`);
      if (!/^0x[0-9a-f]{32}$/i.test(attrs.IV ?? '')) problems.push('key has no explicit 128-bit IV');
      else if (/^0x0{32}$/i.test(attrs.IV)) problems.push('key IV is zero');
      else iv = attrs.IV.slice(2).toLowerCase();
    } else if (line.startsWith('#EXTINF:')) {
      const uri = lines[i + 1];
      if (!uri || uri.startsWith('#')) return problems.push('a segment has #EXTINF but no URI');
      if (!keyed) problems.push(`segment ${uri} comes before any #EXT-X-KEY: it would play unencrypted`);
      segments.push({ uri, durationSeconds: Number.parseFloat(line.slice('#EXTINF:'.length)) });
    }
  });
  if (!keyed) problems.push('variant playlist has no #EXT-X-KEY');
  if (segments.length === 0) problems.push('variant playlist has no segments');
  if (lines.at(-1) !== '#EXT-X-ENDLIST') problems.push('variant playlist does not end with #EXT-X-ENDLIST');
  return { problems, segments, ...(iv ? { iv } : {}) };
}

/**
 * Our own master playlist. BANDWIDTH must be the peak segment bitrate (RFC 8216 4.3.4.2);
 * ffmpeg writes nominal x 1.1, which MPEG-TS overhead can exceed at 64k, so the caller passes
 * the larger of the two. `version` should match the variants' (ffmpeg writes 6 when asked
 * for independent_segments, though for audio-only it omits the tag itself).
 */
export function buildMasterPlaylist(variants: { uri: string; bandwidth: number; averageBandwidth?: number }[], version = 3): string {
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${version}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const average = v.averageBandwidth ? `,AVERAGE-BANDWIDTH=${Math.ceil(v.averageBandwidth)}` : '';
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${Math.ceil(v.bandwidth)}${average},CODECS="${AAC_LC_CODECS}"`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}

export function playlistVersion(text: string): number {
  const match = /^#EXT-X-VERSION:(\d+)/m.exec(text);
  return match ? Number(match[1]) : 1;
}

/** Key URIs are path-only so a playlist keeps working behind any proxy or hostname. */
export function isPathOnlyUri(uri: string): boolean {
  return uri.length > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('//') && !/[\s"]/.test(uri);
}
