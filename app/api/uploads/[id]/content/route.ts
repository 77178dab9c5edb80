import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { uuidParam, withAdmin } from '@/lib/http/handlers';
import { getStorage } from '@/lib/storage';
import { receiveUpload } from '@/lib/tracks/uploads';

type Ctx = { params: Promise<{ id: string }> };

/** Admins (API tokens: `import`): the original's bytes (local storage), streamed to disk within the size limit. */
export const PUT = withAdmin<Ctx>(async (req, ctx) => {
  const id = uuidParam((await ctx.params).id, 'upload');
  const result = await receiveUpload(await getDb(), getStorage(), id, req.body, getEnv().MIST_UPLOAD_MAX_BYTES);
  return Response.json(result);
}, ['import']);
