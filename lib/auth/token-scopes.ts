import type { ApiTokenScope } from '@/db/schema';

// No server code here: the tokens page's form (a client component) lists these too.

export const TOKEN_SCOPES = ['listen', 'import', 'admin'] as const satisfies readonly ApiTokenScope[];

/** What each scope opens, as the tokens page says it. `admin` includes the other two. */
export const SCOPE_DESCRIPTIONS: Record<ApiTokenScope, string> = {
  listen: 'play tracks (keys, listening sessions) and read listening history',
  import: 'upload tracks and follow their processing: all that npm run import needs',
  admin: 'every admin route, and everything listen and import allow',
};

/** True when a token with `scopes` may do what needs any one of `needed`; `admin` may do everything. */
export function scopesAllow(scopes: readonly ApiTokenScope[], needed: readonly ApiTokenScope[]): boolean {
  return scopes.includes('admin') || needed.some((n) => scopes.includes(n));
}
