import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, type ApiTokenScope, users } from '../schema';

export async function insertToken(db: Db, values: { userId: string; name: string; tokenHash: string; prefix: string; scopes: ApiTokenScope[] }) {
  const [row] = await db
    .insert(apiTokens)
    .values(values)
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, createdAt: apiTokens.createdAt });
  return row!;
}

/** Every account's tokens, with their owners, newest first: for admins. */
export async function listAllTokens(db: Db) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      owner: { id: users.id, email: users.email, displayName: users.displayName },
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** How many live (unrevoked) tokens the user owns. */
export async function countLiveTokens(db: Db, userId: string): Promise<number> {
  return db.$count(apiTokens, and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/** Revokes any account's token (an admin's decision); false when unknown or revoked already. */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}

/** Revokes every live token the user owns: how many. */
export async function revokeUserTokens(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The live token with this hash, its scopes, and the state of its owner. */
export async function findTokenOwner(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ tokenId: apiTokens.id, scopes: apiTokens.scopes, userId: users.id, email: users.email, displayName: users.displayName, role: users.role, disabledAt: users.disabledAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function touchToken(db: Db, id: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}
