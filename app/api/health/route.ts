import { getDb } from '@/db';
import { ping } from '@/db/client';
import { getCacheStats } from '@/lib/cache';
import { getModes, getVersion } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** Liveness and modes for operators and the Docker HEALTHCHECK; 503 while the database is down. */
export async function GET() {
  const modes = getModes();
  const ok = await getDb().then(ping, () => false);
  return Response.json(
    {
      status: ok ? 'ok' : 'unavailable',
      version: getVersion(),
      database: modes.database,
      storage: modes.storage,
      jobs: modes.jobs,
      // This instance's lookups since it started: counts only, never keys or values.
      cache: getCacheStats(),
    },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
