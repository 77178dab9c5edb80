import 'server-only';
import { getDbHandle, type DbHandle } from '@/db';
import { listTracksWithOutdatedFeatures } from '@/db/queries/tracks';
import { databaseMaintenanceRequested, featuresRefreshRequested } from '@/inngest/events';
import { ensureConfiguredAdmin } from './accounts';
import { shareForgottenSessions } from './auth/auth-sessions';
import { DataDirLockedError } from './data-dir-lock';
import { EnvError, getEnv, getModes } from './env';
import { AppError } from './errors';
import { enqueue, startJobs, stopJobs } from './jobs';
import { registerFastPath, registerResponseHeaders } from './http/node';
import { securityHeaders } from './http/security-headers';
import { answerHeartbeatFromNode } from './listening/heartbeat-route';
import { answerKeyFromNode } from './playback/key-fast-path';
import { shareForgottenGrants } from './playback/key-grants-broadcast';
import { EXTRACTOR_VERSION } from './media/features';
import { getRedis } from './redis';

/**
 * Runs once when the server starts (instrumentation.ts): validates the configuration,
 * opens and migrates the database, creates the first admin from the environment.
 * Anything wrong stops the process with a message that says what to fix.
 */
export async function boot(): Promise<void> {
  try {
    const env = getEnv();
    registerResponseHeaders(securityHeaders(env));
    const handle = await getDbHandle();
    if (env.MIST_ADMIN_EMAIL && env.MIST_ADMIN_PASSWORD && (await ensureConfiguredAdmin(handle.db, { email: env.MIST_ADMIN_EMAIL, password: env.MIST_ADMIN_PASSWORD }))) {
      console.log(`[mist] created the admin account ${env.MIST_ADMIN_EMAIL}`);
    }
    // Several instances on one Redis: a change on one ends key grants, and a sign-out the
    // sessions the fast paths remember, on all of them at once.
    if (env.REDIS_URL) {
      shareForgottenGrants(getRedis(env.REDIS_URL));
      shareForgottenSessions(getRedis(env.REDIS_URL));
    }
    await startJobs();
    // PGlite has no autovacuum: its upkeep runs every ten minutes, and with the embedded
    // driver once now (statistics taken by another process, or never, are not trusted).
    const modes = getModes(env);
    if (handle.kind === 'pglite' && modes.jobs === 'embedded') await enqueue({ name: databaseMaintenanceRequested.name, data: {} });
    // Tracks an older audio analyser measured are analysed again in the background.
    if ((await listTracksWithOutdatedFeatures(handle.db, EXTRACTOR_VERSION, { after: null, limit: 1 })).length > 0) {
      await enqueue({ name: featuresRefreshRequested.name, data: {} });
    }
    // The two requests every listener sends most: answered before Next's router (server-entry.mjs).
    registerFastPath((req, res) => answerKeyFromNode(req, res) || answerHeartbeatFromNode(req, res));
    const where = modes.database === 'pglite' ? ` in ${env.dataDir}` : '';
    console.log(`[mist] ready: database ${modes.database}${where}, jobs ${modes.jobs}, rate limits ${modes.rateLimits}, cache ${modes.cache}`);
    stopCleanlyOnSignals(handle);
  } catch (error) {
    if (error instanceof EnvError || error instanceof DataDirLockedError || error instanceof AppError) {
      console.error(`[mist] cannot start. ${error.message}`);
    } else {
      console.error('[mist] cannot start: the database could not be opened.', error instanceof Error ? error.message : error);
    }
    process.exit(1);
  }
}

/** On SIGTERM/SIGINT/SIGHUP: let job runs reach a saved state and close the database, then exit. */
function stopCleanlyOnSignals(handle: DbHandle) {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(0), 10_000);
    forced.unref();
    await stopJobs().catch(() => {});
    await handle.close().catch(() => {});
    console.log(`[mist] stopped (${signal})`);
    process.exit(0);
  };
  // `on`, not `once`: a second signal while stopping (Ctrl-C reaches both npm start's process
  // and this one, and the former passes it on) must not end the process before the database closes.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
}
