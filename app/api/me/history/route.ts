import { getDb } from '@/db';
import { withUser } from '@/lib/http/handlers';
import { getHistory } from '@/lib/listening/history';

/**
 * The signed-in listener's own plays and minutes heard per hour, day, week or month of their
 * time zone: `?granularity=&from=&to=&tz=` → `{ granularity, tz, from, to, buckets }`.
 */
export const GET = withUser(async (req, _ctx, user) => {
  const history = await getHistory(await getDb(), user.id, new URL(req.url).searchParams);
  return Response.json(history, { headers: { 'cache-control': 'private, no-store' } });
});
