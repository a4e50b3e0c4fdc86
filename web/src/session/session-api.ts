/**
 * The sessions API (DESIGN §4) as the session pages use it. Calls go through `fetch` directly
 * because some answers carry data next to the error (`opensAt` of a 409 `not_open`, `overlay` of
 * a stale write) and `GET …/overlay` answers 304; every failure is still an `ApiError`.
 */
import type { ApiErrorCode } from '../../../shared/error-codes';
import type { OverlayState } from '../../../shared/overlay';
import type { Seat } from '../../../shared/schemas';
import type {
  EndResult,
  JoinResult,
  LobbyView,
  MuteResult,
  SendBackResult,
  SessionKey,
  TimelineView,
} from '../../../shared/session-types';
import { ApiError, parseRetryAfter } from '../api';
import type { OverlayFetchResult, OverlaySendResult, OverlayTransport } from './overlay-sync';

/** How the caller proves who they are: the therapist's cookie, or a partner's invite token. */
export interface SessionAuth {
  token?: string;
}

interface Raw {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  auth: SessionAuth,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Raw> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  let body: unknown;
  if (response.status !== 204 && response.status !== 304) {
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, body, headers: response.headers };
}

function fail(raw: Raw): never {
  const retryAfter = parseRetryAfter(raw.headers.get('Retry-After'));
  const body = (raw.body ?? {}) as { error?: { code?: unknown; message?: unknown } };
  const { error, ...extra } = body as { error?: { code?: unknown; message?: unknown } } & Record<
    string,
    unknown
  >;
  if (error && typeof error.code === 'string') {
    throw new ApiError(raw.status, error.code as ApiErrorCode, String(error.message ?? ''), undefined, retryAfter, extra);
  }
  throw new ApiError(raw.status, 'bad_response', `Unexpected response ${raw.status}`, undefined, retryAfter);
}

async function json<T>(
  method: 'GET' | 'POST',
  path: string,
  auth: SessionAuth,
  body?: unknown,
): Promise<T> {
  const raw = await call(method, path, auth, { body });
  if (raw.status >= 200 && raw.status < 300) return raw.body as T;
  return fail(raw);
}

const base = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

/** The session's endpoints for one caller. */
export function sessionApi(id: string, auth: SessionAuth) {
  return {
    /**
     * Admitted (200) or waiting (202). 409 `not_open` carries `opensAt`/`closesAt` in `extra`;
     * 409 `session_ended` carries `endedAt`.
     */
    join: (together = false) => json<JoinResult>('POST', `${base(id)}/join`, auth, { together }),
    lobby: () => json<LobbyView>('GET', `${base(id)}/lobby`, auth),
    admit: (seat: Seat) => json<LobbyView>('POST', `${base(id)}/admit`, auth, { seat }),
    sendBack: (seat: Seat) => json<SendBackResult>('POST', `${base(id)}/send-back`, auth, { seat }),
    key: () => json<{ e2ee: SessionKey | null }>('GET', `${base(id)}/key`, auth),
    leave: () => json<{ left: true }>('POST', `${base(id)}/leave`, auth),
    mute: (seat: Seat) => json<MuteResult>('POST', `${base(id)}/mute`, auth, { seat }),
    end: () => json<EndResult>('POST', `${base(id)}/end`, auth),
    timeline: () => json<TimelineView>('GET', `${base(id)}/timeline`, auth),
    /** The overlay's two calls, shaped for `OverlaySync`. */
    overlay: overlayTransport(id, auth),
  };
}

export type SessionApi = ReturnType<typeof sessionApi>;

/** `GET …/overlay` with ETag and `POST …/overlay` with its 409, for `OverlaySync`. */
export function overlayTransport(id: string, auth: SessionAuth): OverlayTransport {
  return {
    async fetch(etag): Promise<OverlayFetchResult | null> {
      const raw = await call('GET', `${base(id)}/overlay`, auth, {
        headers: etag ? { 'If-None-Match': etag } : {},
      });
      if (raw.status === 304) return null;
      if (raw.status !== 200) return fail(raw);
      const overlay = (raw.body as { overlay?: OverlayState } | undefined)?.overlay;
      if (!overlay) throw new ApiError(raw.status, 'bad_response', 'No overlay in the answer');
      return { overlay, etag: raw.headers.get('ETag') };
    },
    async send(baseVersion, action): Promise<OverlaySendResult> {
      const raw = await call('POST', `${base(id)}/overlay`, auth, { body: { baseVersion, action } });
      const overlay = (raw.body as { overlay?: OverlayState } | undefined)?.overlay;
      if (raw.status === 200 && overlay) return { ok: true, overlay };
      if (raw.status === 409 && overlay) return { ok: false, overlay };
      return fail(raw);
    },
  };
}
