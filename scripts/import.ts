// npm run import -- [--url http://localhost:3000] [--concurrency 2] PATH...
// Sends every audio file under PATH(s) through a running MIST's upload API, waits for
// processing, then prints one JSON line per file: {file, trackId, status, error}, status
// "ready", "failed" or "skipped". A file already in the library (same bytes: MIST compares
// sha-256) is skipped, before any byte is sent: {status: "skipped", duplicateOf: <track id>,
// reason}. Needs an API token with the `import` scope (an admin makes it under Admin → API
// tokens) in MIST_TOKEN. Exits 1 if any file failed (skipped files are not failures), 2 if
// MIST refused the token (then nothing more is tried).
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sha256OfFile } from '@/lib/tracks/content-hash';
import { AUDIO_EXTENSIONS } from '@/lib/tracks/uploads';

type Outcome = { file: string; trackId: string | null; status: 'ready' | 'failed' | 'skipped'; error: string | null; duplicateOf?: string; reason?: string };

/** MIST already has this file (409 duplicate, or processing found it): the track it is. */
class AlreadyThere extends Error {
  constructor(
    message: string,
    readonly trackId: string,
  ) {
    super(message);
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string', default: process.env.MIST_URL ?? 'http://localhost:3000' }, concurrency: { type: 'string', default: '2' } },
});
const token = process.env.MIST_TOKEN;
if (!token || positionals.length === 0) {
  console.error('Usage: MIST_TOKEN=mist_... npm run import -- [--url URL] [--concurrency N] PATH...\nMake a token with the "import" scope in MIST under Admin → API tokens.');
  process.exit(2);
}
const base = new URL(values.url!);
const auth = { authorization: `Bearer ${token}` };

function* walk(p: string): Generator<string> {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return console.error(`Skipping ${p}: not found`);
  if (stat.isFile()) {
    if (AUDIO_EXTENSIONS.includes(path.extname(p).slice(1).toLowerCase())) yield p;
    return;
  }
  for (const entry of fs.readdirSync(p).sort()) yield* walk(path.join(p, entry));
}

/** MIST refused the token itself (invalid, revoked, or without the `import` scope): no file can succeed. */
class TokenRefused extends Error {}

async function api(pathname: string, init: RequestInit = {}) {
  const res = await fetch(new URL(pathname, base), { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  const error = (body as { error?: { code?: string; message?: string; trackId?: string } }).error;
  const message = error?.message ?? `HTTP ${res.status}`;
  if (error?.code === 'duplicate' && error.trackId) throw new AlreadyThere(message, error.trackId);
  if (res.status === 401) throw new TokenRefused(message);
  if (res.status === 403) throw new TokenRefused(`${message}\nThe import needs only the "import" scope: ask an admin for such a token (Admin → API tokens).`);
  if (!res.ok) throw new Error(message);
  return body as Record<string, unknown>;
}

async function upload(file: string): Promise<string> {
  const size = fs.statSync(file).size;
  // With the file's hash, MIST refuses a duplicate before any byte is sent.
  const sha256 = await sha256OfFile(file);
  const slot = (await api('/api/uploads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filename: path.basename(file), size, contentType: 'application/octet-stream', sha256 }) })) as {
    trackId: string;
    uploadUrl: string;
    headers: Record<string, string>;
  };
  const target = new URL(slot.uploadUrl, base);
  // The token goes only to MIST itself, never to a presigned storage URL.
  const headers = { ...slot.headers, 'content-length': String(size), ...(target.origin === base.origin ? auth : {}) };
  const res = await fetch(target, { method: 'PUT', headers, body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream, duplex: 'half' } as RequestInit);
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? `Upload failed (HTTP ${res.status})`);
  await api(`/api/uploads/${slot.trackId}/complete`, { method: 'POST' });
  return slot.trackId;
}

async function waitForTrack(trackId: string): Promise<{ status: 'ready' | 'failed'; error: string | null }> {
  for (;;) {
    const { track } = (await api(`/api/tracks/${trackId}`)) as { track: { status: string; error: string | null; duplicateOf: string | null } };
    if (track.status === 'failed' && track.duplicateOf) throw new AlreadyThere(track.error ?? 'Already in the library.', track.duplicateOf);
    if (track.status === 'ready' || track.status === 'failed') return { status: track.status, error: track.error };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const files = positionals.flatMap((p) => [...walk(p)]);
const outcomes: Outcome[] = files.map((file) => ({ file, trackId: null, status: 'failed', error: null }));
let uploaded = 0;
let finished = 0;
const draw = () => {
  const width = 30;
  const done = files.length ? Math.round((finished / files.length) * width) : width;
  process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${uploaded}/${files.length} uploaded, ${finished} processed`);
};

let next = 0;
let refused: TokenRefused | undefined;
async function worker() {
  while (next < files.length && !refused) {
    const i = next++;
    const outcome = outcomes[i]!;
    try {
      outcome.trackId = await upload(outcome.file);
      uploaded++;
      draw();
      Object.assign(outcome, await waitForTrack(outcome.trackId));
    } catch (error) {
      if (error instanceof AlreadyThere) Object.assign(outcome, { status: 'skipped', duplicateOf: error.trackId, reason: error.message });
      else outcome.error = error instanceof Error ? error.message : String(error);
      if (error instanceof TokenRefused) refused ??= error;
    }
    finished++;
    draw();
  }
}

draw();
await Promise.all(Array.from({ length: Math.max(1, Number(values.concurrency) || 2) }, worker));
process.stderr.write('\n');
for (const o of outcomes) console.log(JSON.stringify(o));
if (refused) {
  console.error(`MIST refused the token: ${refused.message}`);
  process.exit(2);
}
process.exit(outcomes.some((o) => o.status === 'failed') ? 1 : 0);
