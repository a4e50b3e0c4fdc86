/**
 * The one way the web app talks to the API: JSON in and out, same-origin cookies, and every
 * failure — HTTP error or no network — surfaced as an `ApiError`.
 */
import type { ApiErrorCode, ClientErrorCode } from '../../shared/error-codes';
import type { ApiErrorBody } from '../../shared/schemas';

/** What `ApiError.code` can be: the API's codes, or `network` / `bad_response` from the client. */
export type ErrorCode = ApiErrorCode | ClientErrorCode;

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** The API's snake_case error code, `network` or `bad_response`. */
    readonly code: ErrorCode,
    message: string,
    /** For 422: zod issues `[{ path, message }]`. */
    readonly details?: unknown,
    /** For 429: seconds to wait, from `Retry-After`. */
    readonly retryAfter?: number,
    /** Top-level fields of the error body next to `error`, e.g. `{ opensAt, closesAt }` or `{ overlay }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A partner's invite token, sent as `Authorization: Bearer`. */
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

/**
 * Sends one request and returns the parsed JSON body (undefined for 204).
 * @example const { slots } = await request<{ slots: SlotView[] }>('GET', '/api/therapists/anna/slots', { query: { from, to } })
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let url = path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query)) if (v !== undefined) params.set(k, v);
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }

  if (response.status === 204) return undefined as T;
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  if (isErrorBody(body)) {
    const { error, ...extra } = body as ApiErrorBody & Record<string, unknown>;
    throw new ApiError(response.status, error.code, error.message, error.details, retryAfter, extra);
  }
  throw new ApiError(response.status, 'bad_response', `Unexpected response ${response.status}`, undefined, retryAfter);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
};

/**
 * Replaces the server's (English) message for fields the client knows how to name, keeping the
 * server's text for anything else.
 * @example localizeFieldErrors(errors, (path) => path.endsWith('.email') ? t('error.email') : undefined)
 */
export function localizeFieldErrors(
  errors: Record<string, string>,
  localize: (path: string) => string | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([path, message]) => [path, localize(path) ?? message]));
}

/**
 * Field messages from a 422's zod issues, keyed by the dotted path (`partners.0.email`). The
 * first message for a path wins; issues without a path are keyed `''`.
 */
export function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = Array.isArray(details)
    ? details
    : Array.isArray((details as { issues?: unknown } | null)?.issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const key = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    out[key] ??= message;
  }
  return out;
}
