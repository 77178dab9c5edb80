function hasCode(error: unknown, code: string): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === code) return true;
  }
  return false;
}

/** A unique constraint refused the write (PostgreSQL 23505), on PGlite and postgres.js alike, wrapped or not. */
export function isUniqueViolation(error: unknown): boolean {
  return hasCode(error, '23505');
}

/** A foreign key refused the write (23503): what it names was deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  return hasCode(error, '23503');
}
