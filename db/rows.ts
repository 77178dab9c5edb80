/** The rows of a `db.execute()` result: `{ rows }` on PGlite, an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
