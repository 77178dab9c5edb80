import { getDb } from '@/db';
import { readBounded } from '@/lib/http/body';
import { withUser } from '@/lib/http/handlers';
import { AppError } from '@/lib/errors';
import { MAX_IMPORT_BYTES, previewImport } from '@/lib/library/playlist-import';
import { getStorage } from '@/lib/storage';

// The file's own bytes: text, or the types players and browsers give playlist files.
const FILE_TYPES = /^(?:text\/[\w.+-]+|audio\/(?:x-)?mpegurl|application\/(?:vnd\.apple\.mpegurl|x-mpegurl|octet-stream|csv))\s*(?:;|$)/i;

/**
 * The playlist file itself as the body (M3U, M3U8 or CSV; up to 4 MB and 10,000 tracks),
 * `?filename=` (names the playlist, says the format) and `?format=m3u|csv` optional →
 * 200 `{ name, format, lines: [{ line, text, parsed, match, alternatives }] }`. Writes nothing.
 */
export const POST = withUser(async (req) => {
  if (!FILE_TYPES.test(req.headers.get('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', 'Send the playlist file itself as the body (Content-Type: text/plain, text/csv or audio/x-mpegurl).');
  }
  const params = new URL(req.url).searchParams;
  const bytes = await readBounded(req.body, MAX_IMPORT_BYTES, req.headers.get('content-length')).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'payload_too_large') throw new AppError('payload_too_large', 'The file is too large: at most 4 MB.');
    throw error;
  });
  const body = await previewImport(await getDb(), getStorage(), { bytes, filename: params.get('filename'), format: params.get('format') });
  return Response.json(body, { headers: { 'cache-control': 'private, no-store' } });
});
