import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/tokens';
import type { UserRole } from '@/db/schema';

const PREFIX = 'mist_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const tokenNameInput = z.strictObject({ name: z.string('Name the token').trim().min(1, 'Name the token').max(80, 'At most 80 characters') });

/** Creates a token; the token itself is returned this once and stored only as a hash. */
export async function createApiToken(db: Db, userId: string, raw: unknown) {
  const { name } = tokenNameInput.parse(raw);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await q.insertToken(db, { userId, name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX.length + 6) });
  return { ...row, token };
}

/** The user behind `Authorization: Bearer <token>`, if the token is live and its user enabled. */
export async function userForBearer(db: Db, authorization: string | null): Promise<{ id: string; email: string; displayName: string; role: UserRole } | null> {
  const match = /^Bearer\s+(mist_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization ?? '');
  if (!match) return null;
  const owner = await q.findTokenOwner(db, hashToken(match[1]!));
  if (!owner || owner.disabledAt) return null;
  await q.touchToken(db, owner.tokenId);
  return { id: owner.userId, email: owner.email, displayName: owner.displayName, role: owner.role };
}
