import { z } from 'zod';
import { getDb } from '@/db';
import { listRuns } from '@/db/queries/jobs';
import { jobRunStatus } from '@/db/schema';
import { withAdmin } from '@/lib/http/handlers';

const query = z.object({
  status: z.enum(jobRunStatus.enumValues).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Admins only: job runs of the embedded driver, newest first. */
export const GET = withAdmin(async (req) => {
  const { status, limit, offset } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ runs: await listRuns(await getDb(), { status, limit, offset }), limit, offset });
});
