import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * What a token may do, chosen when it is made: `listen` (stream, listening sessions and
 * history), `import` (uploads: the import CLI), `admin` (every admin route, the others too).
 */
export const apiTokenScope = pgEnum('api_token_scope', ['listen', 'import', 'admin']);
export type ApiTokenScope = (typeof apiTokenScope.enumValues)[number];

/** API tokens (import CLI, scripts). Only a SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text().notNull(),
    scopes: apiTokenScope().array().notNull().default(sql`'{}'`),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
