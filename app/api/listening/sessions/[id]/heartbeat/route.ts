import { getDb } from '@/db';
import { readJson, uuidParam, withUser } from '@/lib/http/handlers';
import { recordHeartbeat } from '@/lib/listening/heartbeats';

type Ctx = { params: Promise<{ id: string }> };

/**
 * The owner's player reports `{ positionMs, heardMs, seq, ended? }` → 200 `{ counted, heardMs,
 * ended }`. JSON or, from `navigator.sendBeacon`, text/plain holding JSON.
 */
export const POST = withUser<Ctx>(async (req, ctx, user) => {
  const sessionId = uuidParam((await ctx.params).id, 'listening session');
  const reply = await recordHeartbeat(await getDb(), user.id, sessionId, await readJson(req, { beacon: true }));
  return Response.json(reply, { headers: { 'cache-control': 'no-store' } });
});
