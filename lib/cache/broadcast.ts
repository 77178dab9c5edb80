import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type Forgetting = {
  /** The pub/sub channel, one per kind of thing remembered. */
  channel: string;
  /** For the warning when Redis cannot be told: "key grants". */
  what: string;
  /** Forgets this instance's copy: what another instance's announcement does here. */
  forgetHere: () => void;
  /** Receives the function this instance calls to tell the others (undefined once stopped). */
  announceWith: (announce: (() => void) | undefined) => void;
};

/**
 * Instances sharing a Redis tell each other when what they remember in memory must be
 * forgotten (grants, checked sessions): Redis pub/sub, about a millisecond. Without Redis,
 * each instance's memory runs out on its own. Returns a function that stops sharing.
 */
export function shareForgetting(redis: Redis, { channel, what, forgetHere, announceWith }: Forgetting): () => void {
  const me = randomUUID();
  const subscriber = redis.duplicate();
  // Messages sent while this connection was down are lost: forget everything on reconnect.
  let connectedBefore = false;
  subscriber.on('ready', () => {
    if (connectedBefore) forgetHere();
    connectedBefore = true;
  });
  subscriber.on('error', () => {}); // the shared connection already says when Redis is unreachable
  subscriber.on('message', (_channel: string, from: string) => {
    if (from !== me) forgetHere();
  });
  subscriber.subscribe(channel).catch(() => {});

  let lastWarning = 0;
  announceWith(() => {
    redis.publish(channel, me).catch((error: unknown) => {
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      console.warn(`[mist] could not tell other instances to forget ${what} (${error instanceof Error ? error.message : String(error)}); theirs expire on their own.`);
    });
  });
  return () => {
    announceWith(undefined);
    subscriber.disconnect();
  };
}
