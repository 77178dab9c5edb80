import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, users } from '../schema';

export async function insertToken(db: Db, values: { userId: string; name: string; tokenHash: string; prefix: string }) {
  const [row] = await db.insert(apiTokens).values(values).returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt });
  return row!;
}

export async function listTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}

/** The live token with this hash and the state of its owner. */
export async function findTokenOwner(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, email: users.email, displayName: users.displayName, role: users.role, disabledAt: users.disabledAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function touchToken(db: Db, id: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}
