import { ZodError } from 'zod';

const statusByCode = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** The same file is already in the library: `trackId` names that track. */
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

const BRAND = Symbol.for('mist.AppError');

/** An expected failure: its message is written for the person who will read it. */
export class AppError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number; trackId?: string; trackIds?: string[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /**
   * Next bundles each route and page separately, each with its own copy of this class,
   * while objects kept on globalThis (the sign-in limiter) are shared: an AppError thrown by
   * one copy must still be one for another's `instanceof`.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Any error, expected or not, as an AppError that is safe to show. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const fieldErrors = fieldErrorsOf(error);
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages[0]}`)
      .join('; ');
    return new AppError('validation_failed', `Invalid input. ${summary}`, { fieldErrors });
  }
  // Unexpected: log what happened (never request bodies), show nothing of it.
  console.error('[mist] unexpected error:', error instanceof Error ? (error.stack ?? error.message) : error);
  return new AppError('internal', 'Something went wrong on the server. Try again, or check the server log.');
}

/** The one place that turns an error into an HTTP response. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  const { fieldErrors, retryAfterSeconds, trackId, trackIds } = appError.details;
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  // The rest of a body too large is never read: the connection it is arriving on closes.
  if (appError.code === 'payload_too_large') headers.connection = 'close';
  return Response.json(
    { error: { code: appError.code, message: appError.message, ...(fieldErrors ? { fieldErrors } : {}), ...(trackId ? { trackId } : {}), ...(trackIds ? { trackIds } : {}) } },
    { status: appError.status, headers },
  );
}
