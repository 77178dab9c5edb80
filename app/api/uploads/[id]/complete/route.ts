import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { uuidParam, withAdmin } from '@/lib/http/handlers';
import { enqueue } from '@/lib/jobs';
import { getStorage } from '@/lib/storage';
import { completeUpload } from '@/lib/tracks/uploads';

type Ctx = { params: Promise<{ id: string }> };

/** Admins (API tokens: `import`): the original is uploaded → 202; processing starts (`track/uploaded`). */
export const POST = withAdmin<Ctx>(async (_req, ctx) => {
  const id = uuidParam((await ctx.params).id, 'upload');
  const result = await completeUpload(await getDb(), getStorage(), id, getEnv().MIST_UPLOAD_MAX_BYTES, (event) => enqueue(event));
  return Response.json(result, { status: 202 });
}, ['import']);
