import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users, type UserRole } from '../schema';

/** What pages and APIs may see of a user: never the password hash. */
export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
};

const summary = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  disabled: sql<boolean>`${users.disabledAt} is not null`,
  createdAt: users.createdAt,
};

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row!.n;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
  return row!.n;
}

export async function getUserCredentials(db: Db, email: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      role: users.role,
      disabledAt: users.disabledAt,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));
  return row;
}

/** The facts a request needs to trust a session token. */
export async function getUserSessionState(db: Db, id: string) {
  const [row] = await db
    .select({ ...summary, sessionVersion: users.sessionVersion, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

export async function getUser(db: Db, id: string): Promise<UserSummary | undefined> {
  const [row] = await db.select(summary).from(users).where(eq(users.id, id));
  return row;
}

export async function listUsers(db: Db, page: { limit: number; offset: number }): Promise<UserSummary[]> {
  return db.select(summary).from(users).orderBy(asc(users.createdAt), asc(users.email)).limit(page.limit).offset(page.offset);
}

export async function insertUser(
  db: Db,
  values: { email: string; displayName: string; passwordHash: string; role: UserRole },
): Promise<UserSummary> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: values.email.toLowerCase() })
    .returning(summary);
  return row!;
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<{ displayName: string; passwordHash: string; role: UserRole; disabled: boolean }>,
  options: { endSessions?: boolean } = {},
): Promise<UserSummary | undefined> {
  const { disabled, ...rest } = patch;
  const [row] = await db
    .update(users)
    .set({
      ...rest,
      ...(disabled === undefined ? {} : { disabledAt: disabled ? new Date() : null }),
      ...(options.endSessions ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
    })
    .where(eq(users.id, id))
    .returning(summary);
  return row;
}

/** Locks every active admin row, so "is this the last admin?" holds until commit. */
export async function lockActiveAdminIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .for('update');
  return rows.map((r) => r.id);
}

export async function emailTaken(db: Db, email: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email.toLowerCase()), exceptId ? ne(users.id, exceptId) : undefined));
  return !!row;
}
