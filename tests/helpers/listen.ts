import { execFile } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '@/db/client';
import { insertListeningSession } from '@/db/queries/listening';
import { getTrackRow } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { createApiToken } from '@/lib/auth/api-tokens';
import { answerKeyFromNode } from '@/lib/playback/key-fast-path';
import { publishedVersion, renderPlaylist } from '@/lib/playback/playlists';
import type { Storage } from '@/lib/storage/types';

const run = promisify(execFile);

/**
 * What a listener's player reaches, on loopback, for local storage rooted at `mediaRoot`:
 * the playlists as MIST renders them, the key route's own fast path (answerKeyFromNode, on
 * the app-wide database), and `/media/…`. No sign-in pages: listeners use API tokens.
 */
export async function startListening(db: Db, storage: Storage, mediaRoot: string) {
  const server = http.createServer((req, res) => {
    if (answerKeyFromNode(req, res)) return;
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const playlist = /^\/api\/tracks\/([0-9a-f-]{36})\/hls\/([a-z0-9]+\.m3u8)$/.exec(url.pathname);
      if (playlist) {
        const track = await getTrackRow(db, playlist[1]!);
        const text = track?.status === 'ready' ? await renderPlaylist(storage, track.id, publishedVersion(track.masterKey), playlist[2]!) : null;
        return text === null ? res.writeHead(404).end() : res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(text);
      }
      const file = url.pathname.startsWith('/media/') ? path.join(mediaRoot, url.pathname.slice('/media/'.length)) : null;
      if (file && fs.existsSync(file)) return res.writeHead(200).end(fs.readFileSync(file));
      res.writeHead(404).end();
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A listener with an API token and a listening session for `trackId`. */
  async function listener(email: string, trackId: string) {
    const user = await insertUser(db, { email, displayName: 'Listener', passwordHash: 'x', role: 'user' });
    await insertListeningSession(db, { userId: user.id, trackId, clientInfo: null });
    const { token } = await createApiToken(db, user.id, { name: 'player', scopes: ['listen'] });
    const authorization = `Bearer ${token}`;
    return {
      userId: user.id,
      /** A GET as this listener's player makes it (playlists, the key). */
      get: (pathname: string) => fetch(origin + pathname, { headers: { authorization } }),
      /** Decodes the whole track as an HLS client would (ffmpeg); returns the seconds heard. */
      async play(out: string): Promise<number> {
        // Asynchronous: this process answers ffmpeg's requests meanwhile.
        await run('ffmpeg', ['-v', 'error', '-y', '-headers', `Authorization: ${authorization}\r\n`, '-i', `${origin}/api/tracks/${trackId}/hls/master.m3u8`, '-map', '0:a:0', out]);
        return Number((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out])).stdout.trim());
      },
    };
  }

  return { origin, listener, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Whether AES-128-CBC with this key and IV turns `bytes` into MPEG-TS (a sync byte every 188). */
export function opensAsMpegTs(bytes: Uint8Array, keyHex: string, ivHex: string): boolean {
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(keyHex, 'hex'), Buffer.from(ivHex, 'hex'));
    const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
    return plain.length > 0 && plain.length % 188 === 0 && plain.every((b, i) => i % 188 !== 0 || b === 0x47);
  } catch {
    return false; // bad padding: the wrong key
  }
}
