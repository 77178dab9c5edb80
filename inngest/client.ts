import { Inngest } from 'inngest';
import { getEnv, isBuildPhase } from '@/lib/env';
import { loadOrCreateSigningKey } from '@/lib/jobs/signing-key';

export const APP_ID = 'mist';

/**
 * In the embedded mode the client's outgoing calls never leave the process: events it sends
 * (step.sendEvent) become job runs here, and anything else is refused.
 */
const embeddedFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if ((init?.method ?? 'GET') === 'POST' && /^\/e\/[^/]+$/.test(url.pathname)) {
    const { enqueue } = await import('@/lib/jobs');
    const ids = await enqueue(JSON.parse(String(init?.body)));
    return Response.json({ ids, status: 200 });
  }
  return Response.json({ error: 'Jobs run inside MIST; there is no Inngest API.' }, { status: 501 });
};

function connection() {
  const env = getEnv();
  if (env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY) {
    return { eventKey: env.INNGEST_EVENT_KEY, signingKey: env.INNGEST_SIGNING_KEY, baseUrl: env.INNGEST_BASE_URL };
  }
  // Cloud mode, never dev mode: the serve route verifies every request against this key.
  const signingKey = isBuildPhase() ? undefined : loadOrCreateSigningKey(env.dataDir);
  return { eventKey: 'embedded', signingKey, baseUrl: 'http://mist.internal/', fetch: embeddedFetch };
}

/** One line per problem: a failed step's error is in its run (admin/jobs), not as a stack trace here. */
const errorText = (_key: string, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v);
const brief = (...args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, errorText))).join(' ');
const logger = {
  info: () => {},
  debug: () => {},
  warn: (...args: unknown[]) => console.warn(`[inngest] ${brief(...args)}`),
  error: (...args: unknown[]) => console.error(`[inngest] ${brief(...args)}`),
};

export const inngest = new Inngest({ id: APP_ID, isDev: false, checkpointing: false, logger, ...connection() });
