import type { ApiErrorCode } from '../../shared/error-codes';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export interface AppErrorOptions {
  /** For 422: the zod issues, sent as `error.details`. */
  details?: unknown;
  /** Response headers, e.g. `Retry-After` for a 429. */
  headers?: Record<string, string>;
  /** Extra top-level fields of the error body (e.g. `overlay` for a stale overlay write). */
  extra?: Record<string, unknown>;
  /** The error this one stands for (logged, never sent). */
  cause?: unknown;
}

/**
 * The one error type of the API. Throw an `AppError` anywhere; `onError` (see on-error.ts) turns
 * it into `{"error": {"code", "message"}}` with its status. Nothing else formats errors.
 * @example throw new AppError(409, 'slot_unavailable', 'This time is not available', { cause: err })
 */
export class AppError extends Error {
  readonly details?: unknown;
  readonly headers?: Record<string, string>;
  readonly extra?: Record<string, unknown>;

  constructor(
    readonly status: ErrorStatus,
    readonly code: ApiErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details;
    this.headers = options.headers;
    this.extra = options.extra;
  }
}

export const notFound = (what = 'Not found') => new AppError(404, 'not_found', what);
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed') => new AppError(403, 'forbidden', message);
export const conflict = (code: ApiErrorCode, message: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, message, { extra });
export const invalid = (message: string, details?: unknown) =>
  new AppError(422, 'invalid_request', message, { details });
export const tooMany = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', 'Too many requests, try again later', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
