/** A unique constraint refused the write (PostgreSQL 23505), on PGlite and postgres.js alike, wrapped or not. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}
