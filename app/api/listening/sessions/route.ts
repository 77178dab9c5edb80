import { getDb } from '@/db';
import { readJson, withUser } from '@/lib/http/handlers';
import { startListeningSession } from '@/lib/playback/sessions';

/** Signed-in users: `{ trackId }` → 201 `{ sessionId, masterUrl }` for a ready track. */
export const POST = withUser(async (req, _ctx, user) => {
  const session = await startListeningSession(await getDb(), user.id, await readJson(req), req.headers.get('user-agent'));
  return Response.json(session, { status: 201 });
});
