import fs from 'node:fs';
import { Readable } from 'node:stream';
import { isSafeKey } from './keys';
import { resolveKey } from './local';
import { cacheControlFor, contentTypeFor } from './mime';
import { parseRange } from './range';

const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/** `"<size>-<mtime ms>"` in hex, as nginx does: changes whenever the file is replaced. */
function etagOf(stat: fs.Stats): string {
  return `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/` prefixes are ignored. */
function noneMatch(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => bare(tag) === bare(etag));
}

function notModified(req: Request, etag: string, mtime: Date): boolean {
  const inm = req.headers.get('if-none-match');
  if (inm !== null) return noneMatch(inm, etag);
  const ims = Date.parse(req.headers.get('if-modified-since') ?? '');
  // HTTP dates have whole seconds.
  return !Number.isNaN(ims) && Math.floor(mtime.getTime() / 1000) * 1000 <= ims;
}

/** If-Range: honour Range only while the client's copy is current (strong ETag or exact date). */
function rangeStillValid(req: Request, etag: string, lastModified: string): boolean {
  const ifRange = req.headers.get('if-range');
  return ifRange === null || ifRange === etag || ifRange === lastModified;
}

/**
 * Serves one object of local storage for GET and HEAD, as S3 or a CDN would: only public
 * keys (`tracks/...`; originals never), Range, ETag/Last-Modified revalidation, immutable
 * caching by key. The file is streamed from an open handle (stat and bytes from the same
 * file even if it is replaced meanwhile), never read whole.
 *
 * Several ranges in one request get the whole file with 200 (see range.ts).
 */
export async function serveLocalMedia(req: Request, storageRoot: string, key: string): Promise<Response> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  if (!isSafeKey(key) || !key.startsWith('tracks/')) return notFound();

  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(resolveKey(storageRoot, key), 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return notFound();
    throw error;
  }
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return notFound();

    const etag = etagOf(stat);
    const lastModified = stat.mtime.toUTCString();
    const headers = new Headers({
      'accept-ranges': 'bytes',
      'cache-control': cacheControlFor(key),
      etag,
      'last-modified': lastModified,
      'x-content-type-options': 'nosniff',
    });
    if (notModified(req, etag, stat.mtime)) return new Response(null, { status: 304, headers });

    headers.set('content-type', contentTypeFor(key));
    const range = rangeStillValid(req, etag, lastModified) ? parseRange(req.headers.get('range'), stat.size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      headers.set('content-range', `bytes */${stat.size}`);
      headers.set('content-length', '0');
      return new Response(null, { status: 416, headers });
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : stat.size - 1;
    headers.set('content-length', String(end - start + 1));
    if (range.kind === 'partial') headers.set('content-range', `bytes ${start}-${end}/${stat.size}`);
    const status = range.kind === 'partial' ? 206 : 200;

    if (req.method === 'HEAD' || stat.size === 0) return new Response(null, { status, headers });
    // The stream owns the handle from here and closes it when done or cancelled.
    const stream = handle.createReadStream({ start, end, autoClose: true });
    streaming = true;
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
  } finally {
    if (!streaming) await handle.close();
  }
}
