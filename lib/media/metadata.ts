import { parseFile } from 'music-metadata';

/** Tags as MIST keeps them: untrusted text, trimmed, without control characters, bounded. */
export type TrackTags = {
  title: string | null;
  artist: string | null;
  album: string | null;
  albumArtist: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  genre: string | null;
  musicbrainz: { recordingId: string | null; artistId: string | null; albumId: string | null };
  cover: { data: Uint8Array; mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif'; ext: 'jpg' | 'png' | 'webp' | 'gif' } | null;
};

const MAX_TEXT = 500;
const MAX_COVER_BYTES = 10 * 1024 * 1024;

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, MAX_TEXT) : null;
}

const cleanInt = (value: unknown, max: number) => (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= max ? value : null);
const cleanMbid = (value: unknown) => (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value.trim()) ? value.trim().toLowerCase() : null);

/** Cover images are checked by their bytes, not by what the tag claims. */
function sniffImage(data: Uint8Array): TrackTags['cover'] {
  if (data.length < 12 || data.length > MAX_COVER_BYTES) return null;
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { data, mime: 'image/jpeg', ext: 'jpg' };
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return { data, mime: 'image/png', ext: 'png' };
  if (String.fromCharCode(...data.slice(0, 4)) === 'RIFF' && String.fromCharCode(...data.slice(8, 12)) === 'WEBP') return { data, mime: 'image/webp', ext: 'webp' };
  if (String.fromCharCode(...data.slice(0, 3)) === 'GIF') return { data, mime: 'image/gif', ext: 'gif' };
  return null;
}

/** Reads tags and the front cover; a file with broken tags still gives what can be read. */
export async function readTags(filePath: string): Promise<TrackTags> {
  const empty: TrackTags = { title: null, artist: null, album: null, albumArtist: null, trackNo: null, discNo: null, year: null, genre: null, musicbrainz: { recordingId: null, artistId: null, albumId: null }, cover: null };
  let common;
  try {
    ({ common } = await parseFile(filePath, { duration: false, skipCovers: false }));
  } catch {
    return empty;
  }
  const picture = common.picture?.find((p) => /front/i.test(p.type ?? '')) ?? common.picture?.[0];
  return {
    title: cleanText(common.title),
    artist: cleanText(common.artist ?? common.artists?.[0]),
    album: cleanText(common.album),
    albumArtist: cleanText(common.albumartist),
    trackNo: cleanInt(common.track?.no, 9999),
    discNo: cleanInt(common.disk?.no, 999),
    year: cleanInt(common.year, 9999),
    genre: cleanText(common.genre?.[0]),
    musicbrainz: {
      recordingId: cleanMbid(common.musicbrainz_recordingid),
      artistId: cleanMbid(common.musicbrainz_artistid?.[0]),
      albumId: cleanMbid(common.musicbrainz_albumid),
    },
    cover: picture ? sniffImage(new Uint8Array(picture.data)) : null,
  };
}
