/**
 * Text helpers for importing playlists (pure): reading a file's bytes as text, and the
 * folding, stripping and similarity the matcher compares names with.
 */

/** Why a file could not be read as a playlist: shown to the listener as is. */
export class ImportFileError extends Error {
  constructor(
    readonly reason: 'empty' | 'binary' | 'too_many_tracks' | 'no_title_column',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/**
 * The file as text: UTF-8 (a BOM dropped), UTF-16 when a BOM says so (Apple Music exports
 * "Unicode text"), else Windows-1252, as old .m3u files written by Windows players are.
 * A file with NUL bytes or mostly control characters is not a playlist: refused.
 */
export function decodeImportFile(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder('windows-1252').decode(body);
    }
  }
  if (text.trim() === '') throw new ImportFileError('empty', 'The file is empty.');
  // eslint-disable-next-line no-control-regex
  const control = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (text.includes('\u0000') || control > text.length / 100) {
    throw new ImportFileError('binary', 'This is not a text file. Send an M3U, M3U8 or CSV playlist.');
  }
  return text.replace(/^\ufeff/, '');
}

const SPECIAL: Record<string, string> = { æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ø: 'o', đ: 'd', ł: 'l', ı: 'i', ħ: 'h', ŧ: 't', ð: 'd' };

/**
 * What the database's `mist_fold` does, in JavaScript: lower case, accents and ligatures
 * folded, curly apostrophes straight; plus punctuation to spaces and spaces collapsed, so
 * "AC/DC" and "ac dc", "Guns N’ Roses" and "guns n' roses" compare equal.
 */
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/[æœßþøđłıħŧð]/g, (c) => SPECIAL[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .replace(/'/g, '')
    .trim()
    .replace(/^the /, '');
}

// "(feat. X)", "[ft. X]", " feat. X" to the end, "featuring X", "with X" in brackets.
const FEAT_BRACKETED = /\s*[([](?:feat\.?|ft\.?|featuring|with)\s[^)\]]*[)\]]/gi;
const FEAT_TRAILING = /\s+(?:feat\.?|ft\.?|featuring)\s.*$/i;
// Words that mark a suffix as a release detail, not another recording.
const NOISE = /\b(?:remaster(?:ed)?|\d{4}\s+(?:mix|version)|explicit|clean|mono|stereo|deluxe|bonus(?: track)?|single version|album version|original mix|anniversary|digitally)\b|^\s*\d{4}\s*$/i;
const BRACKET_SUFFIX = /\s*[([]([^)\]]*)[)\]]\s*$/;
const DASH_SUFFIX = /\s+[-–—]\s+([^-–—]+)$/;

/** The title without "feat." parts. */
export function stripFeat(value: string): string {
  return value.replace(FEAT_BRACKETED, '').replace(FEAT_TRAILING, '').trim();
}

/**
 * The title without "feat." and without release details: "Come Together - Remastered 2009",
 * "Song (Remastered 2011) [Explicit]" become "Come Together" and "Song"; "Song (Live)" stays.
 */
export function stripNoise(title: string): string {
  let t = stripFeat(title);
  for (;;) {
    const m = t.match(BRACKET_SUFFIX) ?? t.match(DASH_SUFFIX);
    if (!m || !NOISE.test(m[1]!) || m.index === 0) return t.trim();
    t = t.slice(0, m.index);
  }
}

/** The title's core: every bracketed or dashed suffix gone ("Song (Live) - Acoustic" → "Song"). */
export function stripAll(title: string): string {
  let t = stripFeat(title);
  for (;;) {
    const m = t.match(BRACKET_SUFFIX) ?? t.match(DASH_SUFFIX);
    if (!m || m.index === 0) return t.trim();
    t = t.slice(0, m.index);
  }
}

/** The first of several credited artists: "Daft Punk, Pharrell Williams" → "Daft Punk". */
export function firstArtist(artist: string): string {
  return stripFeat(artist).split(/\s*(?:[,;/]|\s&\s|\sx\s|\svs\.?\s)\s*/i)[0]!.trim();
}

function trigrams(value: string): Set<string> {
  const out = new Set<string>();
  for (const word of value.split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's similarity of two folded strings: shared trigrams over all trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

/** 1 minus the edit distance over the longer length: one typo in a long title costs little. */
export function editSimilarity(a: string, b: string): number {
  const x = a.slice(0, 120);
  const y = b.slice(0, 120);
  if (!x.length || !y.length) return x === y ? 1 : 0;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return 1 - prev[y.length]! / Math.max(x.length, y.length);
}

/** How alike two folded names are, 0..1: typos (edit distance) and reordered words (trigrams). */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  return Math.max(trigramSimilarity(a, b), editSimilarity(a, b));
}
