import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { authSessions, users } from '../schema';

const s = authSessions;

/** A signed-in browser as the account page lists it. */
export type AuthSessionSummary = { id: string; device: string; createdAt: Date; lastSeenAt: Date };

export async function insertAuthSession(db: Db, values: { userId: string; device: string }): Promise<string> {
  const [row] = await db.insert(s).values(values).returning({ id: s.id });
  return row!.id;
}

/**
 * What a request with a session cookie needs, in one round trip: the account, and when its
 * session (this user's, not revoked) was last seen; `sessionSeenAt` null when it is not live.
 */
export async function getSessionUser(db: Db, userId: string, sessionId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      sessionVersion: users.sessionVersion,
      sessionSeenAt: s.lastSeenAt,
    })
    .from(users)
    .leftJoin(s, and(eq(s.id, sessionId), eq(s.userId, users.id), isNull(s.revokedAt)))
    .where(eq(users.id, userId));
  return row;
}

/** When this user's session was last seen, if it is live (not revoked); else undefined. */
export async function getLiveSessionSeenAt(db: Db, userId: string, sessionId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ lastSeenAt: s.lastSeenAt })
    .from(s)
    .where(and(eq(s.id, sessionId), eq(s.userId, userId), isNull(s.revokedAt)));
  return row?.lastSeenAt;
}

/** Moves "last seen" to now, unless it already is within `seconds` of now. */
export async function touchAuthSession(db: Db, sessionId: string, seconds: number): Promise<void> {
  await db
    .update(s)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(s.id, sessionId), lt(s.lastSeenAt, sql`now() - make_interval(secs => ${seconds})`)));
}

/** The user's sessions not revoked and seen within `maxAgeSeconds` (older cookies have expired), latest first. */
export async function listLiveAuthSessions(db: Db, userId: string, maxAgeSeconds: number): Promise<AuthSessionSummary[]> {
  return db
    .select({ id: s.id, device: s.device, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt })
    .from(s)
    .where(and(eq(s.userId, userId), isNull(s.revokedAt), gt(s.lastSeenAt, sql`now() - make_interval(secs => ${maxAgeSeconds})`)))
    .orderBy(desc(s.lastSeenAt), desc(s.createdAt));
}

/** Revokes one of the user's own sessions; false when it is not theirs, unknown, or revoked already. */
export async function revokeAuthSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .update(s)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(s.id, sessionId), eq(s.userId, userId), isNull(s.revokedAt)))
    .returning({ id: s.id });
  return rows.length === 1;
}

/** Revokes every live session of the user: how many. */
export async function revokeAllAuthSessions(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(s)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(s.userId, userId), isNull(s.revokedAt)))
    .returning({ id: s.id });
  return rows.length;
}

/** Deletes sessions revoked, or not seen, for more than `seconds`: their cookies are refused or expired anyway. */
export async function deleteStaleAuthSessions(db: Db, seconds: number): Promise<number> {
  const before = sql`now() - make_interval(secs => ${seconds})`;
  const rows = await db
    .delete(s)
    .where(or(and(isNotNull(s.revokedAt), lt(s.revokedAt, before)), lt(s.lastSeenAt, before)))
    .returning({ id: s.id });
  return rows.length;
}
