import { AppError } from '@/lib/errors';

/**
 * Storage keys are relative paths of plain segments: letters, digits, `.`, `_`, `-`.
 * Nothing is ever percent-decoded here: `%2e%2e/x` is refused because `%` is not an allowed
 * character, not because it decodes to `..` (callers such as the media route receive keys
 * already decoded by the router, and must not decode again).
 *
 * A segment may not start with `.`: that refuses `.` and `..` (traversal, aliasing) and
 * hidden names, which is where local storage keeps its temporary files, so a half-written
 * upload can never be addressed, listed or served.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** S3's own limit on key length, applied to both backends so a key works on either. */
const MAX_KEY_LENGTH = 1024;

export function isSafeKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

/** Throws unless `key` is a safe relative key (see above); the one gate for every backend. */
export function assertSafeKey(key: string): void {
  if (!isSafeKey(key)) throw new AppError('bad_request', `Invalid storage key: ${JSON.stringify(String(key).slice(0, 200))}.`);
}

/**
 * A prefix names a folder: `tracks/<id>` and `tracks/<id>/` both mean everything below
 * `tracks/<id>/`, never `tracks/<id>-other/...`. Returns it with one trailing slash, or ''
 * for the whole store when `allowRoot` is set.
 */
export function normalizePrefix(prefix: string, allowRoot: boolean): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (trimmed === '' && allowRoot) return '';
  assertSafeKey(trimmed);
  return `${trimmed}/`;
}

/** Each segment URL-encoded (a no-op for safe keys today, kept so URLs stay valid if the rules widen). */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
