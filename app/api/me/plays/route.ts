import { z } from 'zod';
import { getDb } from '@/db';
import { withUser } from '@/lib/http/handlers';
import { getRecentPlays } from '@/lib/listening/history';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The signed-in listener's counted plays, newest first. */
export const GET = withUser(async (req, _ctx, user) => {
  const { limit, offset } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const plays = await getRecentPlays(await getDb(), user.id, { limit, offset });
  return Response.json({ plays, limit, offset }, { headers: { 'cache-control': 'private, no-store' } });
});
