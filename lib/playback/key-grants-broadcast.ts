import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { announceForgottenGrantsWith, forgetKeyGrantsHere } from './key-grants';

const CHANNEL = 'mist:key-grants:forget';

/**
 * Instances sharing a Redis tell each other when key grants must be forgotten (an account
 * disabled, a password changed, a track deleted or re-encoded), so no instance re-serves a
 * key from its grant cache after the change: Redis pub/sub, about a millisecond. Without
 * Redis, another instance's cache runs out after MIST_KEY_GRANT_CACHE_SECONDS.
 */
export function shareForgottenGrants(redis: Redis): () => void {
  const me = randomUUID();
  const subscriber = redis.duplicate();
  // Messages sent while this connection was down are lost: forget everything on reconnect.
  let connectedBefore = false;
  subscriber.on('ready', () => {
    if (connectedBefore) forgetKeyGrantsHere();
    connectedBefore = true;
  });
  subscriber.on('error', () => {}); // the shared connection already says when Redis is unreachable
  subscriber.on('message', (_channel: string, from: string) => {
    if (from !== me) forgetKeyGrantsHere();
  });
  subscriber.subscribe(CHANNEL).catch(() => {});

  let lastWarning = 0;
  announceForgottenGrantsWith(() => {
    redis.publish(CHANNEL, me).catch((error: unknown) => {
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      console.warn(`[mist] could not tell other instances to forget key grants (${error instanceof Error ? error.message : String(error)}); theirs expire on their own.`);
    });
  });
  return () => {
    announceForgottenGrantsWith(undefined);
    subscriber.disconnect();
  };
}
