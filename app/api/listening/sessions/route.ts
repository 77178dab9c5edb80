import { getDb } from '@/db';
import { readJson, withUser } from '@/lib/http/handlers';
import { startingPlaylists } from '@/lib/playback/playlists';
import { sessionInput, startListeningSession } from '@/lib/playback/sessions';
import { getStorage } from '@/lib/storage';

/**
 * Signed-in users: `{ trackId, deviceId? }` → 201 `{ sessionId, masterUrl, playlists }` for a
 * ready track; 429 past the per-minute limit. The session supersedes the device's previous one.
 * `playlists` (URL → text: the master and the lowest variant) lets the player go straight to
 * the key and the first segment; read alongside the session, and left out if that fails.
 */
export const POST = withUser(async (req, _ctx, user) => {
  const db = await getDb();
  const body = await readJson(req);
  const trackId = sessionInput.safeParse(body).data?.trackId;
  const [session, playlists] = await Promise.all([
    startListeningSession(db, user.id, body, req.headers.get('user-agent')),
    trackId ? startingPlaylists(db, getStorage(), trackId).catch(() => ({})) : {},
  ]);
  return Response.json({ ...session, playlists }, { status: 201 });
});
