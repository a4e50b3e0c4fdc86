/**
 * The flow of one session page: who the visitor is, pre-join, the join window, the waiting room,
 * the room (video, overlay sync, lobby, talk time) and the end.
 *
 * Shaped like livekit-client's `Room`: the state is private and read as one `Readonly` snapshot
 * (`state`, replaced on each change), it changes only through named methods, and `#setPhase` is
 * the one place the phase moves; each move is emitted as `SessionEvent.PhaseChanged`. The rules for the overlay and talk time live in their
 * managers; the collaborators (API, room, camera, clock, page) come in through
 * `SessionControllerOptions`, so the phase machine runs in unit tests without a browser.
 */
import { OVERLAY_ERROR_CODES, type OverlayAction, type OverlayErrorCode } from '../../../shared/overlay';
import type { Locale, Seat } from '../../../shared/schemas';
import { DECK, type Deck } from '../../../shared/dialogues';
import { deckFor } from '../../../shared/dialogues/overrides';
import type { BcrRequests } from '../../../shared/between-types';
import type { JoinAdmitted, LobbyView, SeatSignal, SessionView, SignalKind } from '../../../shared/session-types';
import { ApiError } from '../api';
import { i18n } from '../i18n/locale.svelte';
import { readInviteToken, storeInviteToken } from '../manage/invite-token';
import { fragmentParam } from '../routing/match';
import { replaceUrlQuietly } from '../routing/router.svelte';
import { Emitter } from './emitter';
import { LiveRoom, type LiveRoomCallbacks, type RoomClosed } from './media/live-room.svelte';
import { LocalMedia } from './media/local-media.svelte';
import { OverlaySync, OverlaySyncEvent, type SyncedOverlay } from './overlay-sync';
import { sessionApi, type SessionApi, type SessionAuth } from './session-api';
import { TalkTime, type TalkTotals } from './talk-time';

export type Phase =
  | 'loading'
  /** Neither a therapist's cookie nor a partner's token. */
  | 'no-access'
  /** A token or cookie that does not belong to this session. */
  | 'invalid'
  | 'cancelled'
  | 'prejoin'
  | 'waiting'
  | 'room'
  | 'left'
  | 'ended'
  | 'error';

export enum SessionEvent {
  /** (phase: Phase, previous: Phase) — the page moved to another phase. */
  PhaseChanged = 'phaseChanged',
}

export type SessionEvents = {
  [SessionEvent.PhaseChanged]: [phase: Phase, previous: Phase];
};

/** Who the visitor is in this session and when it is: from `GET /api/sessions/:id`. */
export type SessionInfo = Pick<SessionView, 'role' | 'seat' | 'therapistName' | 'partners' | 'start' | 'end'>;

/** What the session page shows: `SessionController.state`. */
export interface SessionState {
  phase: Phase;
  info: SessionInfo | null;
  /** Both partners sit at this device (the pre-join checkbox). */
  together: boolean;
  /** Before the join window: when it opens (`closed` once the booked time is over). */
  notOpen: { opensAt: string; closed: boolean } | null;
  joining: boolean;
  joinError: 'offline' | 'generic' | null;
  waitingSince: string | null;
  waitingOffline: boolean;
  /** The partner was sent back by the therapist (shown in the waiting room). */
  sentBack: boolean;
  /** The last join that let us in. */
  admitted: JoinAdmitted | null;
  overlay: SyncedOverlay | null;
  /** Overlay changes of ours not yet saved. */
  overlayPending: number;
  /** Whether the therapist's last overlay change can be undone (one level, server-side). */
  canUndo: boolean;
  /** The session's deck: the built-in one with its therapist's own wording and cards. */
  deck: Deck;
  /** The Behavior Change Request's requests, from the API (never from LiveKit); null if none yet. */
  bcr: BcrRequests | null;
  /** A partner's own latest safety signal (sent, then seen by the therapist). */
  signal: SeatSignal | null;
  /** Why the last signal was not sent: too soon after the previous one, or a failure. */
  signalError: 'rate_limited' | 'failed' | null;
  signalSending: boolean;
  notice: ConsoleNotice | null;
  lobby: LobbyView | null;
  lobbyOffline: boolean;
  talk: TalkTotals;
  endedAt: string | null;
  /** Why the room closed on us, when it matters to say (`duplicate`). */
  closedReason: RoomClosed | null;
  videoRetrying: boolean;
  /** Camera and microphone; replaced by a fresh one after a leave. */
  media: LocalMedia;
}

function initialState(media: LocalMedia): SessionState {
  return {
    phase: 'loading',
    info: null,
    together: false,
    notOpen: null,
    joining: false,
    joinError: null,
    waitingSince: null,
    waitingOffline: false,
    sentBack: false,
    admitted: null,
    overlay: null,
    overlayPending: 0,
    canUndo: false,
    deck: DECK,
    bcr: null,
    signal: null,
    signalError: null,
    signalSending: false,
    notice: null,
    lobby: null,
    lobbyOffline: false,
    talk: { A: 0, B: 0 },
    endedAt: null,
    closedReason: null,
    videoRetrying: false,
    media,
  };
}

export type ConsoleNotice =
  | { kind: 'conflict' }
  | { kind: 'failed' }
  | { kind: 'rejected'; code: OverlayErrorCode | 'no_state' };

/** Time and timers; the system's by default (tests fake them with `vi.useFakeTimers`). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** What the controller needs of the browser page. */
export interface SessionPage {
  /**
   * The partner's invite token: from the link's fragment (then kept for the tab and taken out of
   * the address bar) or the one kept earlier; undefined for a therapist.
   */
  inviteToken(): string | undefined;
  /** Calls `listener` each time the page becomes visible again; returns a function that stops. */
  onVisible(listener: () => void): () => void;
  /** The session's booking language, for a partner who has not chosen one (see i18n). */
  suggestLocale(locale: Locale): void;
}

export interface SessionControllerOptions {
  /** The session's API for one caller. */
  api?: (auth: SessionAuth) => SessionApi;
  createRoom?: (callbacks: LiveRoomCallbacks) => LiveRoom;
  /** A fresh camera and microphone (a disposed one cannot start again). */
  createMedia?: () => LocalMedia;
  clock?: Clock;
  page?: SessionPage;
}

/**
 * How often a waiting partner asks whether they were let in: admitted → first remote frame is
 * budgeted at under a second (DESIGN §9), and video itself takes about 0.3 s of that.
 */
const WAIT_POLL_MS = 700;
/**
 * Fetch a rotated media key at most this often (decryption errors come per frame; the other
 * participants wait for this one to switch).
 */
const KEY_CHECK_MS = 500;
/** While connected to video, how often the session asks the API whether it is still on. */
const SESSION_CHECK_MS = 15_000;
/** How long joining video waits for a camera and microphone that are still starting. */
const MEDIA_READY_WAIT_MS = 10_000;
/**
 * Overlay polling while LiveKit is not connected. Every second, so that a change reaches every
 * partner within 2 s (DESIGN's budget) with room for a slow network; unchanged polls are 304s.
 */
const OVERLAY_POLL_MS = 1000;
const LOBBY_POLL_MS = 2000;
/** While a partner's signal waits, how often their page asks whether the therapist saw it. */
const SIGNAL_POLL_MS = 2000;
/** While video is down, a partner re-checks admission so an ended session is noticed. */
const PARTNER_CHECK_MS = 5000;
const VIDEO_RETRY_MS = 30_000;
/** Join tokens live 10 minutes; reuse one for a video retry only while it is fresh. */
const TOKEN_FRESH_MS = 8 * 60_000;
/** Leaving never waits longer than this for the API's `leave`. */
const LEAVE_WAIT_MS = 2000;

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

const browserPage: SessionPage = {
  inviteToken() {
    const fromLink = fragmentParam(window.location.hash, 'token');
    if (fromLink) {
      storeInviteToken(fromLink);
      replaceUrlQuietly(window.location.pathname + window.location.search);
    }
    return fromLink ?? readInviteToken();
  },
  onVisible(listener) {
    const handler = () => {
      if (document.visibilityState === 'visible') listener();
    };
    document.addEventListener('visibilitychange', handler);
    return () => document.removeEventListener('visibilitychange', handler);
  },
  suggestLocale: (locale) => i18n.suggestLocale(locale),
};

/** Statuses that mean "not this caller's session": try the next way in. */
const NOT_YOURS = [401, 403, 404];

/**
 * @example
 * const session = new SessionController(params.id);
 * session.on(SessionEvent.PhaseChanged, (phase) => console.log(phase));
 * await session.init(); // → 'prejoin' (or 'cancelled', 'ended', 'invalid', …)
 * await session.join(); // → 'waiting' or 'room'
 */
export class SessionController extends Emitter<SessionEvents> {
  #state: SessionState;

  /** The camera and microphone's room: connects, publishes, shows the others. */
  readonly live: LiveRoom;
  readonly #apiFor: (auth: SessionAuth) => SessionApi;
  readonly #createMedia: () => LocalMedia;
  readonly #clock: Clock;
  readonly #page: SessionPage;
  readonly #talkTime = new TalkTime();

  #api: SessionApi;
  /** When the join window opens, as the server said. */
  #joinOpensAt: string | null = null;
  #sync: OverlaySync | null = null;
  #timers = new Set<unknown>();
  #intervals = new Set<unknown>();
  #tokenAt = 0;
  #keyCheckedAt = 0;
  #disposed = false;
  #noticeTimer: unknown = null;
  #bcrLoading = false;
  #bcrVersion = -1;
  #signalWatch = false;
  #stopVisible: (() => void) | null = null;

  constructor(
    readonly sessionId: string,
    options: SessionControllerOptions = {},
  ) {
    super();
    this.#apiFor = options.api ?? ((auth) => sessionApi(sessionId, auth));
    this.#createMedia = options.createMedia ?? (() => new LocalMedia());
    this.#clock = options.clock ?? systemClock;
    this.#page = options.page ?? browserPage;
    this.#api = this.#apiFor({});
    this.#state = $state.raw(initialState(this.#createMedia()));
    this.live = (options.createRoom ?? ((callbacks) => new LiveRoom(callbacks)))({
      onMetadata: (metadata) => this.#sync?.handleMetadata(metadata),
      onActiveSpeakers: (identities, at) => this.#talkTime.handleActiveSpeakers(identities, at),
      onConnectionChange: (connected) => this.#sync?.handleConnectionChange(connected),
      onClosed: (reason) => void this.#handleClosed(reason),
      onEncryptionError: () => void this.#refreshKey(),
    });
  }

  // ---- what components read ------------------------------------------------------------------

  /** Everything the page shows, as one snapshot replaced on each change (never written outside). */
  get state(): Readonly<SessionState> {
    return this.#state;
  }

  /** The therapist's view of the partners' signals that wait to be acknowledged. */
  get pendingSignals(): SeatSignal[] {
    return (this.#state.lobby?.signals ?? []).filter((s) => !s.seenAt);
  }

  get isTherapist(): boolean {
    return this.#state.info?.role === 'therapist';
  }

  /** The name of a seat's partner, when known. */
  partnerName(seat: Seat): string | null {
    return this.#state.info?.partners.find((p) => p.seat === seat)?.name ?? null;
  }

  // ---- the phase -------------------------------------------------------------------------------

  #set(patch: Partial<Omit<SessionState, 'phase'>>): void {
    this.#state = { ...this.#state, ...patch };
  }

  /** The only place the phase changes; emits `PhaseChanged` once per change. */
  #setPhase(next: Phase): void {
    const previous = this.#state.phase;
    if (previous === next || this.#disposed) return;
    this.#state = { ...this.#state, phase: next };
    this.emit(SessionEvent.PhaseChanged, next, previous);
  }

  // ---- identity --------------------------------------------------------------------------------

  /** Works out who the visitor is and where the session stands, in one read. */
  async init(): Promise<void> {
    const token = this.#page.inviteToken();
    this.#stopVisible = this.#page.onVisible(() => void this.#sync?.refresh());
    try {
      const found = await this.#readSession(token);
      if (found === 'not_yours') this.#setPhase('invalid');
      else if (!found) this.#setPhase(token ? 'invalid' : 'no-access');
      else this.#open(found.view, found.api);
    } catch {
      this.#setPhase('error');
    }
  }

  /** As a partner (with a token) first, then as the therapist (by cookie). */
  async #readSession(
    token: string | undefined,
  ): Promise<{ view: SessionView; api: SessionApi } | 'not_yours' | null> {
    if (token) {
      const api = this.#apiFor({ token });
      try {
        return { view: await api.session(), api };
      } catch (error) {
        if (!(error instanceof ApiError && NOT_YOURS.includes(error.status))) throw error;
      }
    }
    const api = this.#apiFor({});
    try {
      return { view: await api.session(), api };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      // Signed in, but not this therapist's session.
      if (error instanceof ApiError && NOT_YOURS.includes(error.status)) return 'not_yours';
      throw error;
    }
  }

  #open(view: SessionView, api: SessionApi): void {
    this.#api = api;
    const { role, seat, therapistName, partners, start, end } = view;
    this.#set({ info: { role, seat, therapistName, partners, start, end } });
    this.#joinOpensAt = view.joinOpensAt;
    this.#set({ deck: deckFor(view.deckOverrides) });
    this.#set({ endedAt: view.endedAt });
    this.#set({ signal: view.signal ?? null });
    // Partners see the session in the language it was booked in unless they chose another.
    if (role === 'partner') this.#page.suggestLocale(view.locale);
    if (view.status === 'cancelled') this.#setPhase('cancelled');
    else if (view.status === 'ended') this.#setPhase('ended');
    else {
      // Say when the room opens before anyone clicks; joining by itself starts only after a click.
      if (view.status === 'not_open') this.#set({ notOpen: { opensAt: view.joinOpensAt, closed: false } });
      this.#enterPrejoin();
    }
  }

  // ---- pre-join and joining ------------------------------------------------------------------

  #enterPrejoin(): void {
    void this.#state.media.start();
    this.live.warmUp();
    this.#setPhase('prejoin');
  }

  /** The pre-join checkbox: both partners sit at this device. */
  setTogether(together: boolean): void {
    this.#set({ together: together });
  }

  /** The Join button: admitted → room, waiting → waiting room, not open → wait for the window. */
  async join(): Promise<void> {
    if (this.#state.joining) return;
    this.#set({ joining: true });
    this.#set({ joinError: null });
    try {
      const result = await this.#api.join(this.#state.together);
      this.#set({ notOpen: null });
      if (result.status === 'admitted') await this.#enterRoom(result);
      else this.#enterWaiting(result.since);
    } catch (error) {
      this.#handleJoinError(error, () => void this.join());
    } finally {
      this.#set({ joining: false });
    }
  }

  #handleJoinError(error: unknown, retry: () => void): void {
    if (!(error instanceof ApiError)) {
      this.#set({ joinError: 'generic' });
      return;
    }
    if (error.code === 'not_open') {
      const opensAt = String(error.extra.opensAt ?? '') || this.#joinOpensAt || '';
      const closed = Date.parse(opensAt) <= this.#clock.now();
      this.#set({ notOpen: { opensAt, closed } });
      if (!closed && opensAt) {
        // Try again the moment the window opens (timers may fire late; the server decides).
        const delay = Math.max(1000, Date.parse(opensAt) - this.#clock.now() + 500);
        this.#later(retry, Math.min(delay, 60_000));
      }
      return;
    }
    if (error.code === 'session_ended') {
      this.#set({ endedAt: String(error.extra.endedAt ?? '') || null });
      void this.#finish('ended');
      return;
    }
    if (error.code === 'booking_cancelled') {
      void this.#finish('cancelled');
      return;
    }
    if (NOT_YOURS.includes(error.status)) {
      void this.#finish('invalid');
      return;
    }
    this.#set({ joinError: error.isNetwork ? 'offline' : 'generic' });
  }

  #enterWaiting(since: string): void {
    this.#clearTimers();
    this.#set({ waitingSince: since });
    this.#set({ waitingOffline: false });
    this.#setPhase('waiting');
    this.#scheduleWaitPoll();
  }

  #scheduleWaitPoll(): void {
    this.#later(async () => {
      if (this.#state.phase !== 'waiting') return;
      try {
        const result = await this.#api.join(this.#state.together);
        this.#set({ waitingOffline: false });
        if (this.#state.phase !== 'waiting') return;
        if (result.status === 'admitted') {
          await this.#enterRoom(result);
          return;
        }
        this.#set({ waitingSince: result.since });
      } catch (error) {
        if (error instanceof ApiError && error.isNetwork) this.#set({ waitingOffline: true });
        else if (error instanceof ApiError && error.status !== 429 && error.status < 500) {
          this.#handleJoinError(error, () => undefined);
          if (this.#state.phase !== 'waiting') return;
        }
      }
      this.#scheduleWaitPoll();
    }, WAIT_POLL_MS);
  }

  /** Leaves the waiting room (back to the pre-join step). */
  leaveWaiting(): void {
    this.#clearTimers();
    this.#setPhase('prejoin');
  }

  // ---- the room --------------------------------------------------------------------------------

  async #enterRoom(join: JoinAdmitted): Promise<void> {
    this.#clearTimers();
    this.#set({ admitted: join });
    this.#tokenAt = this.#clock.now();
    this.#set({ sentBack: false });
    this.#set({ closedReason: null });
    if (this.#state.info && join.partners.length) this.#set({ info: { ...this.#state.info, partners: join.partners } });
    this.#setPhase('room');
    this.#startSync(join);
    if (join.role === 'therapist') {
      this.#startLobby();
      this.#every(() => (this.#set({ talk: this.#talkTime.totals(this.#clock.now()) })), 1000);
      void this.#loadBcr();
    } else {
      this.#every(() => void this.#partnerCheck(), PARTNER_CHECK_MS);
      this.#signalWatch = false;
      this.#watchSignal();
    }
    this.#every(() => {
      if (this.live.state.status === 'unreachable' && !this.#state.videoRetrying) void this.retryVideo();
    }, VIDEO_RETRY_MS);
    await this.#connectVideo(join);
  }

  async #connectVideo(join: JoinAdmitted): Promise<void> {
    // A quick click on Join can come before the camera is ready: publish it, not nothing.
    await this.#state.media.whenReady(MEDIA_READY_WAIT_MS);
    await this.live.connect(
      join.livekit.url,
      join.livekit.token,
      { video: this.#state.media.state.video, audio: this.#state.media.state.audio },
      join.e2ee,
    );
  }

  /** "Try video again": a fresh token when needed, then connect. */
  async retryVideo(): Promise<void> {
    if (this.#state.phase !== 'room' || this.#state.videoRetrying) return;
    this.#set({ videoRetrying: true });
    try {
      let join = this.#state.admitted;
      if (!join || this.#clock.now() - this.#tokenAt > TOKEN_FRESH_MS) {
        const result = await this.#api.join(this.#state.together);
        if (result.status === 'waiting') {
          await this.#backToWaiting(result.since);
          return;
        }
        join = result;
        this.#set({ admitted: result });
        this.#tokenAt = this.#clock.now();
      }
      if (this.#state.phase === 'room') await this.#connectVideo(join);
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork) this.#handleJoinError(error, () => undefined);
    } finally {
      this.#set({ videoRetrying: false });
    }
  }

  #startSync(join: JoinAdmitted): void {
    this.#sync?.stop();
    const sync = new OverlaySync({
      transport: this.#api.overlay,
      pollMs: OVERLAY_POLL_MS,
      now: () => new Date(this.#clock.now()),
      deck: this.#state.deck,
    });
    this.#sync = sync;
    sync.on(OverlaySyncEvent.Changed, (overlay) => {
      this.#set({ overlay: overlay });
      this.#set({ canUndo: sync.canUndo });
      this.#talkTime.handleProcessChange(overlay.processId, this.#clock.now());
      // The requests' texts come from the API whenever the requests card changes.
      if (overlay.card?.kind === 'bcrRequests' && overlay.version !== this.#bcrVersion) {
        this.#bcrVersion = overlay.version;
        void this.#loadBcr();
      }
    });
    sync.on(OverlaySyncEvent.PendingChanged, (n) => {
      this.#set({ overlayPending: n });
      this.#set({ canUndo: sync.canUndo });
    });
    sync.on(OverlaySyncEvent.Conflict, () => this.#showNotice({ kind: 'conflict' }));
    sync.on(OverlaySyncEvent.SendFailed, (_action, error) => {
      // The server's reducer refused it (e.g. an undo with nothing left to undo): say why.
      const code = error instanceof ApiError && error.status === 422 ? error.code : null;
      if (code && (OVERLAY_ERROR_CODES as readonly string[]).includes(code)) {
        this.#showNotice({ kind: 'rejected', code: code as OverlayErrorCode });
      } else this.#showNotice({ kind: 'failed' });
    });
    sync.on(OverlaySyncEvent.Rejected, (_action, code) => this.#showNotice({ kind: 'rejected', code }));
    sync.on(OverlaySyncEvent.FetchFailed, (error) => void this.#handleOverlayFetchError(error));
    sync.handleJoin(join.overlay);
    sync.start();
    // While video is up nothing polls; a slow check still learns of a cancellation or an end
    // that LiveKit did not deliver (a cancelled booking's room closes only as it empties).
    this.#every(() => {
      if (this.live.state.status !== 'connected') return;
      void sync.refresh();
      // A partner who left for good rotated the key: switch to it (the others follow on their
      // first undecryptable frame).
      if (this.live.state.encrypted) void this.#refreshKey();
    }, SESSION_CHECK_MS);
  }

  /**
   * A frame did not decrypt: after a send-back the therapist encrypts with a new key, which the
   * partner who stayed fetches here (at most every `KEY_CHECK_MS`).
   */
  async #refreshKey(): Promise<void> {
    const now = this.#clock.now();
    if (this.#state.phase !== 'room' || now - this.#keyCheckedAt < KEY_CHECK_MS) return;
    this.#keyCheckedAt = now;
    try {
      const { e2ee } = await this.#api.key();
      if (e2ee && e2ee.index > this.live.keyIndex) await this.live.setKey(e2ee);
    } catch (error) {
      // 403: sent back meanwhile; the room's own close tells us. Others: the next error retries.
      if (error instanceof ApiError && error.status === 409) await this.#handleOverlayFetchError(error);
    }
  }

  async #handleOverlayFetchError(error: unknown): Promise<void> {
    if (!(error instanceof ApiError) || this.#state.phase !== 'room') return;
    if (error.code === 'session_ended') {
      await this.#finish('ended');
    } else if (error.code === 'booking_cancelled') {
      await this.#finish('cancelled');
    } else if (error.status === 403 && !this.isTherapist) {
      // No longer admitted: the therapist sent us back to the waiting room.
      await this.#backToWaiting(new Date(this.#clock.now()).toISOString());
    } else if (error.status === 404 || error.status === 401) {
      await this.#finish('invalid');
    }
  }

  /** While video is down, a partner asks the API whether they are still in (and the session on). */
  async #partnerCheck(): Promise<void> {
    if (this.#state.phase !== 'room' || this.live.state.status === 'connected' || this.#state.videoRetrying) return;
    try {
      const result = await this.#api.join(this.#state.together);
      if (this.#state.phase !== 'room') return;
      if (result.status === 'waiting') await this.#backToWaiting(result.since);
      else {
        this.#set({ admitted: result });
        this.#tokenAt = this.#clock.now();
      }
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork && error.status < 500) {
        this.#handleJoinError(error, () => undefined);
      }
    }
  }

  async #backToWaiting(since: string): Promise<void> {
    this.#stopRoom();
    await this.live.close();
    // Fresh camera and microphone tracks (same on/off state and devices) for the next admission:
    // livekit-client can stall publishing a track that was published in an earlier room.
    void this.#state.media.start();
    this.live.warmUp();
    this.#set({ sentBack: true });
    this.#enterWaiting(since);
  }

  async #handleClosed(reason: RoomClosed): Promise<void> {
    if (this.#state.phase !== 'room') return;
    if (reason === 'ended') {
      await this.#finish('ended');
    } else if (reason === 'removed') {
      // Sent back (or the session ended meanwhile): joining again tells which.
      try {
        const result = await this.#api.join(this.#state.together);
        if (result.status === 'waiting') await this.#backToWaiting(result.since);
        else await this.#enterRoom(result);
      } catch (error) {
        this.#handleJoinError(error, () => undefined);
      }
    } else if (reason === 'duplicate') {
      this.#set({ closedReason: 'duplicate' });
      this.#stopRoom();
      this.#setPhase('left');
    }
    // 'lost': the room is `unreachable` now; the video retry takes it from there.
  }

  /** Our own leave: disconnects, turns the camera off, offers to rejoin. */
  async leave(): Promise<void> {
    this.#stopRoom();
    // A partner leaves for good: the API rotates the media key so this device cannot decrypt
    // what follows, and coming back goes through the waiting room. Best effort: leaving never
    // waits on the network for long.
    if (!this.isTherapist && this.#state.admitted) {
      await Promise.race([
        this.#api.leave().catch(() => undefined),
        new Promise((resolve) => this.#clock.setTimeout(() => resolve(undefined), LEAVE_WAIT_MS)),
      ]);
    }
    await this.live.close();
    this.#state.media.dispose();
    this.#setPhase('left');
  }

  /** Rejoin after leaving: back to pre-join with a fresh camera. */
  rejoin(): void {
    this.#set({ closedReason: null });
    // A disposed LocalMedia cannot start again: swap in a new one.
    this.#set({ media: this.#createMedia() });
    this.#enterPrejoin();
  }

  // ---- requests and signals --------------------------------------------------------------------

  async #loadBcr(): Promise<void> {
    if (this.#bcrLoading) return;
    this.#bcrLoading = true;
    try {
      const { bcr } = await this.#api.bcr();
      if (this.#state.phase === 'room') this.#set({ bcr: bcr });
    } catch {
      // Shown as "loading" on the card; the next change of the card asks again.
      this.#bcrVersion = -1;
    } finally {
      this.#bcrLoading = false;
    }
  }

  /**
   * The therapist saves the three requests (and who asked, and the chosen one) before the card
   * shows them; throws an `ApiError` when it could not.
   */
  async saveBcr(bcr: BcrRequests): Promise<void> {
    const result = await this.#api.saveBcr(bcr);
    this.#set({ bcr: result.bcr });
  }

  /** A partner's "I need a pause" or "Ouch": only the therapist sees it. */
  async sendSignal(kind: SignalKind): Promise<void> {
    if (this.#state.signalSending) return;
    this.#set({ signalSending: true });
    this.#set({ signalError: null });
    try {
      const { signal } = await this.#api.signal(kind);
      this.#set({ signal: signal });
      this.#watchSignal();
    } catch (error) {
      this.#set({ signalError: error instanceof ApiError && error.status === 429 ? 'rate_limited' : 'failed' });
    } finally {
      this.#set({ signalSending: false });
    }
  }

  /** While our signal waits, ask every 2 s whether the therapist has seen it; stop once seen. */
  #watchSignal(): void {
    if (this.#signalWatch || !this.#state.signal || this.#state.signal.seenAt) return;
    this.#signalWatch = true;
    this.#later(async () => {
      this.#signalWatch = false;
      if (this.#state.phase !== 'room') return;
      try {
        const view = await this.#api.session();
        if (view.signal) this.#set({ signal: view.signal });
      } catch {
        // Offline for a moment: the next round asks again.
      }
      this.#watchSignal();
    }, SIGNAL_POLL_MS);
  }

  /** The therapist acknowledges a partner's signal; the partner's page then says it was seen. */
  async signalSeen(seat: Seat): Promise<void> {
    const { signal } = await this.#api.signalSeen(seat);
    const lobby = this.#state.lobby;
    if (lobby) {
      this.#set({ lobby: { ...lobby, signals: [...(lobby.signals ?? []).filter((s) => s.seat !== seat), signal] } });
    }
  }

  // ---- therapist -------------------------------------------------------------------------------

  /** One overlay change, shown at once (see `OverlaySync.dispatch`). */
  change(action: OverlayAction): boolean {
    return this.#sync?.dispatch(action) ?? false;
  }

  #startLobby(): void {
    const poll = async () => {
      if (this.#state.phase !== 'room') return;
      try {
        const lobby = await this.#api.lobby();
        this.#set({ lobby: lobby });
        this.#set({ lobbyOffline: false });
        if (lobby.endedAt) {
          this.#set({ endedAt: lobby.endedAt });
          await this.#finish('ended');
        }
      } catch (error) {
        this.#set({ lobbyOffline: true });
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
          await this.#finish('invalid');
        }
      }
    };
    void poll();
    this.#every(() => void poll(), LOBBY_POLL_MS);
  }

  async admit(seat: Seat): Promise<void> {
    this.#set({ lobby: await this.#api.admit(seat) });
  }

  async sendBack(seat: Seat): Promise<void> {
    const result = await this.#api.sendBack(seat);
    this.#set({ lobby: result });
    // The rotated key: from now on only those who stay can decrypt what we send.
    if (result.e2ee) await this.live.setKey(result.e2ee);
  }

  /** Mutes a partner's microphone; resolves whether it was muted. */
  async mute(seat: Seat): Promise<boolean> {
    const result = await this.#api.mute(seat);
    return result.muted;
  }

  async end(): Promise<void> {
    const result = await this.#api.end();
    this.#set({ endedAt: result.endedAt });
    await this.#finish('ended');
  }

  // ---- the end ---------------------------------------------------------------------------------

  async #finish(phase: 'ended' | 'cancelled' | 'invalid'): Promise<void> {
    this.#stopRoom();
    await this.live.close();
    this.#state.media.dispose();
    this.#setPhase(phase);
  }

  #stopRoom(): void {
    this.#clearTimers();
    this.#sync?.stop();
    this.#sync = null;
  }

  /** Stops everything: timers, video, camera. */
  dispose(): void {
    this.#disposed = true;
    this.#stopVisible?.();
    this.#stopRoom();
    this.live.dispose();
    this.#state.media.dispose();
    if (this.#noticeTimer) this.#clock.clearTimeout(this.#noticeTimer);
  }

  #showNotice(notice: ConsoleNotice): void {
    this.#set({ notice: notice });
    if (this.#noticeTimer) this.#clock.clearTimeout(this.#noticeTimer);
    this.#noticeTimer = this.#clock.setTimeout(
      () => this.#set({ notice: null }),
      notice.kind === 'rejected' ? 3000 : 8000,
    );
  }

  #later(fn: () => void | Promise<void>, ms: number): void {
    if (this.#disposed) return;
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      void fn();
    }, ms);
    this.#timers.add(timer);
  }

  #every(fn: () => void, ms: number): void {
    if (this.#disposed) return;
    this.#intervals.add(this.#clock.setInterval(fn, ms));
  }

  #clearTimers(): void {
    this.#signalWatch = false;
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    for (const i of this.#intervals) this.#clock.clearInterval(i);
    this.#timers.clear();
    this.#intervals.clear();
  }
}
