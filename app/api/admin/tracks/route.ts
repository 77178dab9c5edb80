import { z } from 'zod';
import { getDb } from '@/db';
import { listTrackSummaries } from '@/db/queries/tracks';
import { trackStatus } from '@/db/schema';
import { withAdmin } from '@/lib/http/handlers';
import { getStorage } from '@/lib/storage';
import { trackDto } from '@/lib/tracks/dto';

const query = z.object({
  status: z.enum(trackStatus.enumValues).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Admins: every track whatever its status, newest first. */
export const GET = withAdmin(async (req) => {
  const { status, limit, offset } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const storage = getStorage();
  const tracks = await listTrackSummaries(await getDb(), { status, limit, offset });
  return Response.json({ tracks: tracks.map((t) => trackDto(t, storage)), limit, offset });
});
