import { getDb } from '@/db';
import { deleteStaleAuthSessions } from '@/db/queries/sessions';
import { SESSION_MAX_AGE_SECONDS } from '@/lib/auth/auth-sessions';
import { inngest } from '../../client';

/** A day more than a cookie lasts: "last seen" moves only every few minutes. */
const KEEP_SECONDS = SESSION_MAX_AGE_SECONDS + 86_400;

/**
 * Daily: forgets sign-ins whose cookies can no longer be used: signed out, or not seen for
 * longer than a cookie lasts. Their rows serve no purpose (an unknown session is refused
 * as a revoked one is), and every sign-in adds one.
 */
export const pruneAuthSessions = inngest.createFunction(
  { id: 'prune-auth-sessions', triggers: [{ cron: 'TZ=UTC 45 3 * * *' }], concurrency: 1, retries: 2 },
  async ({ step }) => {
    const deleted = await step.run('delete-ended-sessions', async () => deleteStaleAuthSessions(await getDb(), KEEP_SECONDS));
    return { deleted };
  },
);
