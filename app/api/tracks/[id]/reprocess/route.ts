import { getDb } from '@/db';
import { uuidParam, withAdmin } from '@/lib/http/handlers';
import { enqueue } from '@/lib/jobs';
import { getStorage } from '@/lib/storage';
import { reprocessTrack } from '@/lib/tracks/admin';

type Ctx = { params: Promise<{ id: string }> };

/** Admins: processes the original again (202). */
export const POST = withAdmin<Ctx>(async (_req, ctx) => {
  await reprocessTrack(await getDb(), getStorage(), uuidParam((await ctx.params).id, 'track'), (e) => enqueue(e));
  return Response.json({ ok: true }, { status: 202 });
});
