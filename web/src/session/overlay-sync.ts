/**
 * Keeps one client's copy of the session overlay in step with the server (DESIGN §5).
 *
 * States arrive from four places — the join response, `room.metadata` right after connecting,
 * `RoomMetadataChanged`, and `GET …/overlay` polling while LiveKit is not connected — and only a
 * higher `version` is ever shown, so a late or repeated delivery never rolls the overlay back.
 * LiveKit carries ids only: when a custom card arrives that way, its text is fetched.
 *
 * The therapist's own changes (`dispatch`) show at once through the shared reducer and are sent
 * one at a time, each on the newest confirmed version. A stale write (409) or a failed one rolls
 * the overlay back to the server's state and drops the changes not yet sent.
 *
 * No Svelte and no network inside: the caller feeds it through the `handle…` methods and a
 * transport, and listens to `OverlaySyncEvent`s.
 */
import {
  applyOverlayAction,
  parseLiveKitOverlay,
  type LiveKitOverlay,
  type OverlayAction,
  type OverlayErrorCode,
  type OverlayState,
} from '../../../shared/overlay';
import type { Deck } from '../../../shared/dialogues';
import { Emitter } from './emitter';

/** The overlay as a client holds it: the full state, or the ids-only copy from LiveKit. */
export type SyncedOverlay = OverlayState | LiveKitOverlay;

/** Where a shown state came from. */
export type OverlaySource = 'join' | 'livekit' | 'poll' | 'local' | 'server';

export interface OverlayFetchResult {
  overlay: OverlayState;
  etag: string | null;
}

export type OverlaySendResult =
  | { ok: true; overlay: OverlayState }
  /** 409: `baseVersion` was stale; `overlay` is the server's current state. */
  | { ok: false; overlay: OverlayState };

/** The two HTTP calls the sync needs; see `session-api.ts` for the real one. */
export interface OverlayTransport {
  /** `GET …/overlay` with `If-None-Match`; resolves `null` on 304. Throws on failure. */
  fetch(etag: string | null): Promise<OverlayFetchResult | null>;
  /** `POST …/overlay {baseVersion, action}`. Throws on failures other than 409. */
  send(baseVersion: number, action: OverlayAction): Promise<OverlaySendResult>;
}

export enum OverlaySyncEvent {
  /** (overlay: SyncedOverlay, source: OverlaySource) — the overlay to show changed. */
  Changed = 'changed',
  /** (action: OverlayAction, current: SyncedOverlay) — a change of ours was stale; rolled back. */
  Conflict = 'conflict',
  /** (action: OverlayAction, error: unknown) — a change of ours could not be saved; rolled back. */
  SendFailed = 'sendFailed',
  /** (action: OverlayAction, code: OverlayErrorCode | 'no_state') — refused locally, not sent. */
  Rejected = 'rejected',
  /** (error: unknown) — `GET …/overlay` failed; polling goes on. */
  FetchFailed = 'fetchFailed',
  /** (pending: number) — how many changes of ours are not yet saved. */
  PendingChanged = 'pendingChanged',
}

export type OverlaySyncEvents = {
  [OverlaySyncEvent.Changed]: [overlay: SyncedOverlay, source: OverlaySource];
  [OverlaySyncEvent.Conflict]: [action: OverlayAction, current: SyncedOverlay];
  [OverlaySyncEvent.SendFailed]: [action: OverlayAction, error: unknown];
  [OverlaySyncEvent.Rejected]: [action: OverlayAction, code: OverlayErrorCode | 'no_state'];
  [OverlaySyncEvent.FetchFailed]: [error: unknown];
  [OverlaySyncEvent.PendingChanged]: [pending: number];
};

export interface OverlaySyncOptions {
  transport: OverlayTransport;
  /** Poll interval while LiveKit is not connected; also the retry delay for a custom text. */
  pollMs?: number;
  /** The clock for optimistic timer starts. */
  now?: () => Date;
  /** The session's deck (the therapist's own wording and cards), for applying changes locally. */
  deck?: Deck;
}

/** Whether a custom card's text is missing (it came through LiveKit). */
export function lacksCustomText(state: SyncedOverlay | null | undefined): boolean {
  return state?.card?.kind === 'custom' && !('text' in state.card && state.card.text);
}

/**
 * The better of two deliveries: the higher version, or at the same version the one that carries
 * a custom card's text.
 */
function pick(current: SyncedOverlay | null, incoming: SyncedOverlay): SyncedOverlay {
  if (!current) return incoming;
  if (!Number.isSafeInteger(incoming.version)) return current;
  if (incoming.version > current.version) return incoming;
  if (incoming.version === current.version && lacksCustomText(current) && !lacksCustomText(incoming)) {
    return incoming;
  }
  return current;
}

/** Placeholder text so the reducer can run on an ids-only state; never shown or sent. */
const MISSING_TEXT = '\u2026';

/** The state with a placeholder for a missing custom text; the card keeps its addressee (`to`). */
function reducible(state: SyncedOverlay): OverlayState {
  if (state.card?.kind === 'custom' && lacksCustomText(state)) {
    return { ...state, card: { ...state.card, text: MISSING_TEXT } };
  }
  return state as OverlayState;
}

function restoreMissingText(before: SyncedOverlay, after: OverlayState): SyncedOverlay {
  if (after.card?.kind === 'custom' && after.card.text === MISSING_TEXT && lacksCustomText(before)) {
    const { text: _placeholder, ...card } = after.card;
    return { ...after, card };
  }
  return after;
}

/**
 * `undo` needs the server's one-level history, which the LiveKit copy does not carry: it is never
 * applied locally, only sent, and the server's answer is shown.
 */
const serverOnly = (action: OverlayAction) => action.type === 'undo';

/** Whether the state, as the server sent it, has a change to undo. */
function hasUndo(state: SyncedOverlay | null): boolean {
  return !!state && 'undo' in state && !!state.undo;
}

/**
 * @example
 * const sync = new OverlaySync({ transport: overlayTransport(sessionId, auth) });
 * sync.on(OverlaySyncEvent.Changed, (o) => (overlay = o));
 * sync.handleJoin(join.overlay);
 * sync.start(); // polls until handleConnectionChange(true)
 * room.on(RoomEvent.RoomMetadataChanged, (m) => sync.handleMetadata(m));
 */
export class OverlaySync extends Emitter<OverlaySyncEvents> {
  private readonly transport: OverlayTransport;
  private readonly pollMs: number;
  private readonly now: () => Date;
  private readonly deck: Deck | undefined;

  /** The newest state the server is known to hold. */
  private remote: SyncedOverlay | null = null;
  /** What the screen shows: `remote`, or `remote` with our unsaved changes applied. */
  private shown: SyncedOverlay | null = null;
  /** Deliveries that arrived while a write of ours was in flight (one of them may be its echo). */
  private held: SyncedOverlay | null = null;
  private readonly queue: OverlayAction[] = [];
  private sending = false;

  private running = false;
  private connected = false;
  private etag: string | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private fetching = false;
  private textTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: OverlaySyncOptions) {
    super();
    this.transport = options.transport;
    this.pollMs = options.pollMs ?? 2000;
    this.now = options.now ?? (() => new Date());
    this.deck = options.deck;
  }

  /** The overlay to show now, or `null` before the first state arrived. */
  get overlay(): SyncedOverlay | null {
    return this.shown;
  }

  /** Changes of ours not yet saved. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Whether an `undo` can be asked for: the server's state has a snapshot to go back to, or a
   * change of ours is on its way. False after an undo, and for a state known only from LiveKit.
   */
  get canUndo(): boolean {
    const last = this.queue[this.queue.length - 1];
    if (last) return !serverOnly(last);
    return hasUndo(this.remote);
  }

  /** Whether the sync polls `GET …/overlay` right now. */
  get polling(): boolean {
    return this.running && !this.connected;
  }

  /** Starts polling (until LiveKit is connected). */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.connected) this.schedulePoll(this.remote ? this.pollMs : 0);
    this.ensureText();
  }

  /** Stops every timer; events are no longer emitted after this. */
  stop(): void {
    this.running = false;
    this.clearPoll();
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = null;
  }

  /** The `overlay` of a 200 join response. */
  handleJoin(overlay: OverlayState): void {
    this.offer(overlay, 'join');
  }

  /** `room.metadata` right after connecting, and each `RoomMetadataChanged`. */
  handleMetadata(metadata: string | undefined): void {
    const parsed = parseLiveKitOverlay(metadata ?? '');
    if (parsed) this.offer(parsed, 'livekit');
  }

  /** LiveKit connected (stop polling) or not (poll now, then every `pollMs`). */
  handleConnectionChange(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    if (connected) this.clearPoll();
    else if (this.running) this.schedulePoll(0);
  }

  /** Fetches the overlay now (e.g. after a page became visible again). */
  refresh(): Promise<void> {
    return this.fetchOnce(false);
  }

  /**
   * The therapist's change: shown at once, then saved. Returns false when the reducer refuses it
   * (e.g. `next` at the last step) — nothing is sent then. An `undo`, and any change queued behind
   * one, is only sent: what it leads to shows when the server answers.
   */
  dispatch(action: OverlayAction): boolean {
    const base = this.shown;
    if (!base) {
      this.emit(OverlaySyncEvent.Rejected, action, 'no_state');
      return false;
    }
    if (serverOnly(action) || this.queue.some(serverOnly)) {
      this.queue.push(action);
      this.emit(OverlaySyncEvent.PendingChanged, this.queue.length);
      void this.flush();
      return true;
    }
    const result = applyOverlayAction(reducible(base), action, this.now(), this.deck);
    if (!result.ok) {
      this.emit(OverlaySyncEvent.Rejected, action, result.code);
      return false;
    }
    this.queue.push(action);
    this.emit(OverlaySyncEvent.PendingChanged, this.queue.length);
    this.show(restoreMissingText(base, result.state), 'local');
    void this.flush();
    return true;
  }

  // ---- delivery -------------------------------------------------------------------------------

  private offer(incoming: SyncedOverlay, source: OverlaySource): void {
    if (this.sending) {
      const base = this.held ?? this.remote;
      const next = pick(base, incoming);
      if (next !== base) this.held = next;
      return;
    }
    const next = pick(this.remote, incoming);
    if (next === this.remote) return;
    this.remote = next;
    this.show(next, source);
    this.ensureText();
  }

  private show(state: SyncedOverlay, source: OverlaySource): void {
    this.shown = state;
    this.emit(OverlaySyncEvent.Changed, state, source);
  }

  // ---- writes ---------------------------------------------------------------------------------

  private async flush(): Promise<void> {
    if (this.sending) return;
    const action = this.queue[0];
    const base = this.remote;
    if (!action || !base) return;
    this.sending = true;
    let outcome: { kind: 'saved' | 'conflict'; overlay: OverlayState } | { kind: 'failed'; error: unknown };
    try {
      const result = await this.transport.send(base.version, action);
      outcome = { kind: result.ok ? 'saved' : 'conflict', overlay: result.overlay };
    } catch (error) {
      outcome = { kind: 'failed', error };
    }
    this.sending = false;
    const held = this.held;
    this.held = null;

    if (outcome.kind === 'saved') {
      this.queue.shift();
      // The answer is authoritative for its version; a held delivery can only be newer.
      this.remote = held && held.version > outcome.overlay.version ? held : outcome.overlay;
      this.show(this.rebase(), 'server');
      this.emit(OverlaySyncEvent.PendingChanged, this.queue.length);
      this.ensureText();
      void this.flush();
      return;
    }

    this.queue.length = 0;
    this.emit(OverlaySyncEvent.PendingChanged, 0);
    if (outcome.kind === 'conflict') {
      this.remote = pick(pick(this.remote, outcome.overlay), held ?? outcome.overlay);
      this.show(this.remote, 'server');
      this.emit(OverlaySyncEvent.Conflict, action, this.remote);
    } else if (outcome.kind === 'failed') {
      if (held) this.remote = pick(this.remote, held);
      this.show(this.remote ?? base, 'server');
      this.emit(OverlaySyncEvent.SendFailed, action, outcome.error);
    }
    this.ensureText();
  }

  /**
   * `remote` with the queued changes applied; changes that no longer apply are dropped. An
   * `undo` not yet sent stops it: it and what follows show when the server answers.
   */
  private rebase(): SyncedOverlay {
    let state = this.remote!;
    for (let i = 0; i < this.queue.length; ) {
      if (serverOnly(this.queue[i]!)) break;
      const result = applyOverlayAction(reducible(state), this.queue[i]!, this.now(), this.deck);
      if (result.ok) {
        state = restoreMissingText(state, result.state);
        i++;
      } else {
        this.queue.splice(i, 1);
      }
    }
    return state;
  }

  // ---- polling and custom text ----------------------------------------------------------------

  private schedulePoll(delay: number): void {
    this.clearPoll();
    this.pollTimer = setTimeout(() => void this.poll(), delay);
  }

  private clearPoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private async poll(): Promise<void> {
    this.pollTimer = null;
    await this.fetchOnce(true);
    if (this.polling && !this.pollTimer) this.schedulePoll(this.pollMs);
  }

  private async fetchOnce(conditional: boolean): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      const result = await this.transport.fetch(conditional ? this.etag : null);
      if (!this.running) return;
      if (result) {
        this.etag = result.etag;
        this.offer(result.overlay, 'poll');
      }
    } catch (error) {
      if (this.running) this.emit(OverlaySyncEvent.FetchFailed, error);
    } finally {
      this.fetching = false;
    }
  }

  /** A custom card came through LiveKit: fetch its text, retrying until it is there. */
  private ensureText(): void {
    if (!this.running || this.textTimer || !lacksCustomText(this.remote)) return;
    const attempt = async () => {
      await this.fetchOnce(false);
      this.textTimer = null;
      if (this.running && lacksCustomText(this.remote)) {
        this.textTimer = setTimeout(() => void attempt(), this.pollMs);
      }
    };
    this.textTimer = setTimeout(() => void attempt(), 0);
  }
}
