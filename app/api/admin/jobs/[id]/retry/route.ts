import { getDb } from '@/db';
import { uuidParam, withAdmin } from '@/lib/http/handlers';
import { retryRun } from '@/lib/jobs';

type Ctx = { params: Promise<{ id: string }> };

/** Admins only: runs a failed job again from its first step; 409 unless it failed. */
export const POST = withAdmin<Ctx>(async (_req, ctx) => {
  await retryRun(await getDb(), uuidParam((await ctx.params).id, 'run'));
  return Response.json({ ok: true }, { status: 202 });
});
