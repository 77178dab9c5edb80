import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { readJson, withAdmin } from '@/lib/http/handlers';
import { getStorage } from '@/lib/storage';
import { createUploadSlot } from '@/lib/tracks/uploads';

/** Admins (session, or API token with `import`): `{ filename, size, contentType }` → 201 `{ trackId, uploadUrl, method, headers }`. */
export const POST = withAdmin(async (req, _ctx, admin) => {
  const slot = await createUploadSlot(await getDb(), getStorage(), admin.id, await readJson(req), getEnv().MIST_UPLOAD_MAX_BYTES);
  return Response.json(slot, { status: 201 });
}, ['import']);
