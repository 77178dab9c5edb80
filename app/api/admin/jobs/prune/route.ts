import { jobRunsPruneRequested } from '@/inngest/events';
import { readJson, withAdmin } from '@/lib/http/handlers';
import { enqueue } from '@/lib/jobs';

/** Admins only: `{ olderThanDays }` → 202; deletes finished job runs older than that, as a job. */
export const POST = withAdmin(async (req) => {
  const [eventId] = await enqueue({ name: jobRunsPruneRequested.name, data: (await readJson(req)) as Record<string, unknown> });
  return Response.json({ eventId }, { status: 202 });
});
