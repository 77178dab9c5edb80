import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import * as q from '@/db/queries/tokens';
import type { ApiTokenScope, UserRole } from '@/db/schema';
import { TOKEN_SCOPES } from './token-scopes';

const PREFIX = 'mist_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const tokenInput = z.strictObject({
  name: z.string('Name the token').trim().min(1, 'Name the token').max(80, 'At most 80 characters'),
  scopes: z
    .array(z.enum(TOKEN_SCOPES, 'Scopes are listen, import and admin'), 'Choose what the token may do')
    .min(1, 'Choose at least one scope')
    .max(TOKEN_SCOPES.length)
    .transform((scopes) => TOKEN_SCOPES.filter((s) => scopes.includes(s))),
});

/** Creates a token; the token itself is returned this once and stored only as a hash. */
export async function createApiToken(db: Db, userId: string, raw: unknown) {
  const { name, scopes } = tokenInput.parse(raw);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await q.insertToken(db, { userId, name, scopes, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX.length + 6) });
  return { ...row, token };
}

export type BearerUser = { id: string; email: string; displayName: string; role: UserRole; scopes: ApiTokenScope[] };

/** The user behind `Authorization: Bearer <token>`, with the token's scopes, if the token is live and its user enabled. */
export async function userForBearer(db: Db, authorization: string | null): Promise<BearerUser | null> {
  const match = /^Bearer\s+(mist_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization ?? '');
  if (!match) return null;
  const owner = await q.findTokenOwner(db, hashToken(match[1]!));
  if (!owner || owner.disabledAt) return null;
  await q.touchToken(db, owner.tokenId);
  return { id: owner.userId, email: owner.email, displayName: owner.displayName, role: owner.role, scopes: owner.scopes };
}
