import 'server-only';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/sessions';
import { updateUser } from '@/db/queries/users';
import type { UserRole } from '@/db/schema';
import { shareForgetting } from '@/lib/cache/broadcast';
import { getEnv } from '@/lib/env';
import { forgetKeyGrants } from '@/lib/playback/key-grants';
import { describeDevice } from './device';

/** How long a session cookie lasts (next-auth's maxAge); a session not seen for as long has expired. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** "Last seen" moves at most this often: not a write on every request. */
const SEEN_EVERY_SECONDS = 5 * 60;

/** What a session cookie says, once decrypted: whose it is, which session, which version of the account's sessions. */
export type SessionToken = { userId: string; sessionId: string; sessionVersion: number };

export type SessionUser = { id: string; email: string; displayName: string; role: UserRole; sessionId: string };

/** Records a new signed-in browser: the id its cookie will carry. */
export function startAuthSession(db: Db, userId: string, userAgent: string | null | undefined): Promise<string> {
  return q.insertAuthSession(db, { userId, device: describeDevice(userAgent) });
}

const stale = (seenAt: Date) => Date.now() - seenAt.getTime() > SEEN_EVERY_SECONDS * 1000;

/**
 * The cookie's user, checked against the database (one query): null for a disabled account,
 * a changed password ("session version"), or a session signed out or unknown.
 */
export async function sessionUser(db: Db, token: SessionToken): Promise<SessionUser | null> {
  const row = await q.getSessionUser(db, token.userId, token.sessionId);
  if (!row || row.disabled || row.sessionVersion !== token.sessionVersion || !row.sessionSeenAt) return null;
  if (stale(row.sessionSeenAt)) await q.touchAuthSession(db, token.sessionId, SEEN_EVERY_SECONDS);
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, sessionId: token.sessionId };
}

type LiveSessions = {
  /** Session id → whose, and until when it may be trusted without asking the database. */
  entries: Map<string, { userId: string; until: number }>;
  epoch: number;
  /** Tells the other instances to forget theirs too (set at boot when they share a Redis). */
  announce?: () => void;
};

declare global {
  // On globalThis: Next bundles each route apart; a sign-out in one must reach the fast paths.
  var __mistLiveSessions: LiveSessions | undefined;
}

const MAX_ENTRIES = 10_000;
const live = (): LiveSessions => (globalThis.__mistLiveSessions ??= { entries: new Map(), epoch: 0 });

/**
 * For the key and heartbeat routes, which check the account (disabled, session version) in
 * their own query: whether the cookie's session is still signed in. A live answer is
 * remembered for MIST_KEY_GRANT_CACHE_SECONDS, as key grants are, and forgotten on every
 * instance at once when a session is signed out (Redis pub/sub; without Redis another
 * instance may trust it until that time runs out). Refusals are never remembered.
 */
export async function sessionIsLive(db: Db, token: SessionToken): Promise<boolean> {
  const store = live();
  const remembered = store.entries.get(token.sessionId);
  if (remembered && remembered.userId === token.userId && remembered.until > Date.now()) return true;

  const epoch = store.epoch;
  const seenAt = await q.getLiveSessionSeenAt(db, token.userId, token.sessionId);
  if (!seenAt) return false;
  if (stale(seenAt)) await q.touchAuthSession(db, token.sessionId, SEEN_EVERY_SECONDS);
  const cacheMs = getEnv().MIST_KEY_GRANT_CACHE_SECONDS * 1000;
  // A sign-out committed while this was decided must not be outlived by its answer.
  if (cacheMs > 0 && store.epoch === epoch) {
    if (store.entries.size >= MAX_ENTRIES) store.entries.delete(store.entries.keys().next().value!);
    store.entries.set(token.sessionId, { userId: token.userId, until: Date.now() + cacheMs });
  }
  return true;
}

/** Forgets every session this instance checked, then tells the other instances to. */
export function forgetLiveSessions(): void {
  forgetLiveSessionsHere();
  live().announce?.();
}

function forgetLiveSessionsHere(): void {
  const store = live();
  store.entries.clear();
  store.epoch++;
}

/** At boot, with Redis: a sign-out on one instance reaches every other one's fast paths in about a millisecond. */
export function shareForgottenSessions(redis: Redis): () => void {
  return shareForgetting(redis, { channel: 'mist:sessions:forget', what: 'signed-out sessions', forgetHere: forgetLiveSessionsHere, announceWith: (a) => (live().announce = a) });
}

/** Signs one of the user's own sessions out; false when it is not theirs, unknown, or already signed out. */
export async function endAuthSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const ended = await q.revokeAuthSession(db, userId, sessionId);
  if (ended) forgetLiveSessions();
  return ended;
}

/**
 * "Sign out everywhere": every session of the account ends, this one too, and the account's
 * session version moves on, so no cookie issued before now is accepted anywhere.
 */
export async function endAllAuthSessions(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await q.revokeAllAuthSessions(tx, userId);
    await updateUser(tx, userId, {}, { endSessions: true });
  });
  forgetLiveSessions();
  forgetKeyGrants();
}
