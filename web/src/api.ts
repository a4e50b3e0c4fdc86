/**
 * The one way the web app talks to the API: Hono's typed client (`hc`, typed by the API's own
 * routes) and one helper, `call`, that turns every failure — HTTP error or no network — into an
 * `ApiError` and returns the typed success body.
 *
 * @example
 * const { slots } = await call(client.api.therapists[':slug'].slots.$get({ param: { slug }, query: { from, to } }));
 */
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../functions/app';
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

/**
 * Every request: the same origin's cookies (the therapist's session), JSON answers, and never
 * from the HTTP cache (sessions poll with their own `If-None-Match`).
 */
function createClient(headers: Record<string, string>) {
  return hc<AppType>('/', {
    headers: { Accept: 'application/json', ...headers },
    init: { credentials: 'same-origin', cache: 'no-store' },
  });
}

/** The API as the signed-in therapist (or anyone without a token) calls it. */
export const client = createClient({});

export type Client = typeof client;

/**
 * The API as a partner calls it: every request carries their invite token as `Authorization: Bearer`.
 * @example const view = await call(partnerClient(token).api.bookings.me.$get());
 */
export function partnerClient(token: string): Client {
  return createClient({ Authorization: `Bearer ${token}` });
}

/** A response of the typed client (any route, status and format). */
type AnyResponse = ClientResponse<unknown, number, string>;

/**
 * The body `call` resolves to: the JSON of the route's 2xx answers (undefined for a body-less
 * 204). The API sends `{ error }` only with 4xx/5xx, even where a route's types cannot show it.
 */
export type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? S extends SuccessStatusCode
      ? F extends 'json'
        ? Exclude<T, { error: unknown }>
        : undefined
      : never
    : never;

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
 * Waits for a response, whatever its status; a request that never got an answer becomes
 * `ApiError(0, 'network')` (an abort stays an `AbortError`). For the few callers that read a
 * status themselves (`304` of the overlay poll); everyone else uses `call`.
 */
export async function reach<R extends AnyResponse>(request: Promise<R>): Promise<R> {
  try {
    return await request;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
}

/**
 * Sends one request of the typed client and returns its success body, typed by the route.
 * Any other answer throws an `ApiError` with the status, the API's error code, message,
 * `details`, `Retry-After` and the body's other top-level fields (`extra`).
 * @example await call(client.api.sessions[':id'].end.$post({ param: { id } }))
 */
export async function call<R extends AnyResponse>(request: R | Promise<R>): Promise<SuccessBody<R>> {
  const response = await reach(Promise.resolve(request));
  if (response.status === 204) return undefined as SuccessBody<R>;
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok && body !== undefined && !isErrorBody(body)) return body as SuccessBody<R>;
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  if (isErrorBody(body)) {
    const { error, ...extra } = body as ApiErrorBody & Record<string, unknown>;
    throw new ApiError(response.status, error.code, error.message, error.details, retryAfter, extra);
  }
  throw new ApiError(response.status, 'bad_response', `Unexpected response ${response.status}`, undefined, retryAfter);
}

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
