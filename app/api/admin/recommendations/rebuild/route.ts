import { recommendationsRebuildRequested } from '@/inngest/events';
import { withAdmin } from '@/lib/http/handlers';
import { enqueue } from '@/lib/jobs';

/** Admins only: → 202 `{ eventId }`; builds the co-listening neighbours from new plays now, as a job. */
export const POST = withAdmin(async () => {
  const [eventId] = await enqueue({ name: recommendationsRebuildRequested.name, data: {} });
  return Response.json({ eventId }, { status: 202 });
});
