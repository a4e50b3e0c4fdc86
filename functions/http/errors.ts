/**
 * The one error type of the API. Throw an `AppError` anywhere; `onError` (see on-error.ts) turns
 * it into `{"error": {"code", "message"}}` with its status. Nothing else formats errors.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
    /** Extra top-level fields of the error body (e.g. `overlay` for a stale overlay write). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Not found') => new AppError(404, 'not_found', what);
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed') => new AppError(403, 'forbidden', message);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, message, undefined, undefined, extra);
export const invalid = (message: string, details?: unknown) =>
  new AppError(422, 'invalid_request', message, details);
export const tooMany = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', 'Too many requests, try again later', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
