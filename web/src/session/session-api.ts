/**
 * The sessions API (DESIGN §4) as the session pages use it, through the typed client and its
 * one error helper (`call`): every failure is an `ApiError`, with the data some errors carry next
 * to `error` in `extra` (`opensAt` of a 409 `not_open`, `overlay` of a stale write).
 */
import type { BcrRequests } from '../../../shared/between-types';
import type { OverlayState } from '../../../shared/overlay';
import type { Seat } from '../../../shared/schemas';
import type {
  EndResult,
  JoinResult,
  LobbyView,
  MuteResult,
  SeatSignal,
  SendBackResult,
  SessionKey,
  SessionView,
  SignalKind,
  TimelineView,
} from '../../../shared/session-types';
import { ApiError, call, client, partnerClient, reach } from '../api';
import type { OverlayFetchResult, OverlaySendResult, OverlayTransport } from './overlay-sync';

/** How the caller proves who they are: the therapist's cookie, or a partner's invite token. */
export interface SessionAuth {
  token?: string;
}

/** The client for one caller's session routes, with `:id` filled in. */
function routesFor(id: string, auth: SessionAuth) {
  const routes = (auth.token ? partnerClient(auth.token) : client).api.sessions[':id'];
  return { routes, param: { id: encodeURIComponent(id) } };
}

/**
 * The session's endpoints for one caller. The return types are the documented contract
 * (`shared/session-types.ts`); the routes' own types must match them, or this does not compile.
 * @example const lobby = await sessionApi(id, {}).admit('A');
 */
export function sessionApi(id: string, auth: SessionAuth) {
  const { routes, param } = routesFor(id, auth);
  return {
    /** Where the session stands for this caller (`SessionView`): the read a session page starts from. */
    session: (): Promise<SessionView> => call(routes.$get({ param })),
    /**
     * Admitted (200, `status: 'admitted'`) or waiting (202, `status: 'waiting'`). 409 `not_open`
     * carries `opensAt`/`closesAt` in `extra`; 409 `session_ended` carries `endedAt`.
     */
    join: (together = false): Promise<JoinResult> => call(routes.join.$post({ param, json: { together } })),
    lobby: (): Promise<LobbyView> => call(routes.lobby.$get({ param })),
    admit: (seat: Seat): Promise<LobbyView> => call(routes.admit.$post({ param, json: { seat } })),
    sendBack: (seat: Seat): Promise<SendBackResult> => call(routes['send-back'].$post({ param, json: { seat } })),
    key: (): Promise<{ e2ee: SessionKey | null }> => call(routes.key.$get({ param })),
    leave: (): Promise<{ left: true }> => call(routes.leave.$post({ param })),
    mute: (seat: Seat): Promise<MuteResult> => call(routes.mute.$post({ param, json: { seat } })),
    end: (): Promise<EndResult> => call(routes.end.$post({ param })),
    timeline: (): Promise<TimelineView> => call(routes.timeline.$get({ param })),
    /** The Behavior Change Request's three requests (therapist, admitted partners); never via LiveKit. */
    bcr: (): Promise<{ bcr: BcrRequests | null }> => call(routes.bcr.$get({ param })),
    /** The therapist saves the three requests and the chosen one (the last write wins). */
    saveBcr: (bcr: BcrRequests): Promise<{ bcr: BcrRequests }> => call(routes.bcr.$put({ param, json: bcr })),
    /** A partner's discreet signal to the therapist; 429 `rate_limited` within 10 s of the last. */
    signal: (kind: SignalKind): Promise<{ signal: SeatSignal }> =>
      call(routes.signal.$post({ param, json: { kind } })),
    /** The therapist acknowledges a seat's signal. */
    signalSeen: (seat: Seat): Promise<{ signal: SeatSignal }> =>
      call(routes.signal.seen.$post({ param, json: { seat } })),
    /** The overlay's two calls, shaped for `OverlaySync`. */
    overlay: overlayTransport(id, auth),
  };
}

export type SessionApi = ReturnType<typeof sessionApi>;

const isOverlay = (value: unknown): value is OverlayState =>
  typeof value === 'object' && value !== null && typeof (value as OverlayState).version === 'number';

/** `GET …/overlay` with ETag and `POST …/overlay` with its 409, for `OverlaySync`. */
export function overlayTransport(id: string, auth: SessionAuth): OverlayTransport {
  const { routes, param } = routesFor(id, auth);
  return {
    async fetch(etag): Promise<OverlayFetchResult | null> {
      const response = await reach(
        routes.overlay.$get({ param }, { headers: etag ? { 'If-None-Match': etag } : {} }),
      );
      if (response.status === 304) return null;
      const { overlay } = await call(response);
      return { overlay, etag: response.headers.get('ETag') };
    },
    async send(baseVersion, action): Promise<OverlaySendResult> {
      try {
        const { overlay } = await call(routes.overlay.$post({ param, json: { baseVersion, action } }));
        return { ok: true, overlay };
      } catch (error) {
        // A stale `baseVersion`: the 409 carries the server's current overlay.
        if (error instanceof ApiError && error.status === 409 && isOverlay(error.extra.overlay)) {
          return { ok: false, overlay: error.extra.overlay };
        }
        throw error;
      }
    },
  };
}
