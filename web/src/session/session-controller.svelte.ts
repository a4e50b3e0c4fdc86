/**
 * The flow of one session page: who the visitor is, pre-join, the join window, the waiting room,
 * the room (video, overlay sync, lobby, talk time) and the end. Components read its state and
 * call its methods; the rules for the overlay and talk time live in their managers.
 */
import type { OverlayAction, OverlayErrorCode } from '../../../shared/overlay';
import type { PartnerBookingView, Seat } from '../../../shared/schemas';
import type { JoinAdmitted, LobbyView } from '../../../shared/session-types';
import { api, ApiError } from '../api';
import { readInviteToken, storeInviteToken } from '../manage/invite-token';
import { fragmentParam } from '../routing/match';
import { replaceUrlQuietly } from '../routing/router.svelte';
import { LiveRoom, type RoomClosed } from './media/live-room.svelte';
import { LocalMedia } from './media/local-media.svelte';
import { OverlaySync, OverlaySyncEvent, type SyncedOverlay } from './overlay-sync';
import { sessionApi, type SessionApi } from './session-api';
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

export interface SessionInfo {
  role: 'therapist' | 'partner';
  /** The partner's own seat. */
  seat: Seat | null;
  therapistName: string | null;
  partners: { seat: Seat; name: string }[];
  start: string | null;
  end: string | null;
}

export type ConsoleNotice =
  | { kind: 'conflict' }
  | { kind: 'failed' }
  | { kind: 'rejected'; code: OverlayErrorCode | 'no_state' };

interface BookingListItem {
  id: string;
  start: string;
  end: string;
  status: string;
  partners: { seat: Seat; name: string }[];
}

/** The API opens the join window 10 minutes before the start. */
const JOIN_OPENS_BEFORE_MS = 10 * 60_000;
/**
 * How often a waiting partner asks whether they were let in: admitted → first remote frame is
 * budgeted at under a second (DESIGN §9), and video itself takes about 0.3 s of that.
 */
const WAIT_POLL_MS = 700;
/** Fetch a rotated media key at most this often (decryption errors come per frame; the other participants wait for this one to switch). */
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
/** While video is down, a partner re-checks admission so an ended session is noticed. */
const PARTNER_CHECK_MS = 5000;
const VIDEO_RETRY_MS = 30_000;
/** Join tokens live 10 minutes; reuse one for a video retry only while it is fresh. */
const TOKEN_FRESH_MS = 8 * 60_000;

export class SessionController {
  phase = $state<Phase>('loading');
  info = $state<SessionInfo | null>(null);
  together = $state(false);
  /** Before the join window: when it opens (`closed` once the booked time is over). */
  notOpen = $state<{ opensAt: string; closed: boolean } | null>(null);
  joining = $state(false);
  joinError = $state<'offline' | 'generic' | null>(null);
  waitingSince = $state<string | null>(null);
  waitingOffline = $state(false);
  /** The partner was sent back by the therapist (shown in the waiting room). */
  sentBack = $state(false);
  admitted = $state.raw<JoinAdmitted | null>(null);
  overlay = $state.raw<SyncedOverlay | null>(null);
  overlayPending = $state(0);
  notice = $state.raw<ConsoleNotice | null>(null);
  lobby = $state.raw<LobbyView | null>(null);
  lobbyOffline = $state(false);
  talk = $state.raw<TalkTotals>({ A: 0, B: 0 });
  endedAt = $state<string | null>(null);
  /** Why the room closed on us, when it matters to say (`duplicate`). */
  closedReason = $state<RoomClosed | null>(null);
  videoRetrying = $state(false);

  /** Camera and microphone; replaced by a fresh one after a leave. */
  media = $state.raw(new LocalMedia());
  readonly live: LiveRoom;

  private token: string | undefined;
  private api: SessionApi;
  private sync: OverlaySync | null = null;
  private readonly talkTime = new TalkTime();
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private intervals = new Set<ReturnType<typeof setInterval>>();
  private tokenAt = 0;
  private disposed = false;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.sync?.refresh();
  };

  constructor(readonly sessionId: string) {
    this.api = sessionApi(sessionId, {});
    this.live = new LiveRoom({
      onMetadata: (metadata) => this.sync?.handleMetadata(metadata),
      onActiveSpeakers: (identities, at) => this.talkTime.handleActiveSpeakers(identities, at),
      onConnectionChange: (connected) => this.sync?.handleConnectionChange(connected),
      onClosed: (reason) => void this.handleClosed(reason),
      onEncryptionError: () => void this.refreshKey(),
    });
  }

  private keyCheckedAt = 0;

  /**
   * A frame did not decrypt: after a send-back the therapist encrypts with a new key, which
   * the partner who stayed fetches here (at most every two seconds).
   */
  private async refreshKey(): Promise<void> {
    if (this.phase !== 'room' || Date.now() - this.keyCheckedAt < KEY_CHECK_MS) return;
    this.keyCheckedAt = Date.now();
    try {
      const { e2ee } = await this.api.key();
      if (e2ee && e2ee.index > this.live.keyIndex) await this.live.setKey(e2ee);
    } catch (error) {
      // 403: sent back meanwhile; the room's own close tells us. Others: the next error retries.
      if (error instanceof ApiError && error.status === 409) await this.handleOverlayFetchError(error);
    }
  }

  get isTherapist(): boolean {
    return this.info?.role === 'therapist';
  }

  /** The name of a seat's partner, when known. */
  partnerName(seat: Seat): string | null {
    return this.info?.partners.find((p) => p.seat === seat)?.name ?? null;
  }

  // ---- identity --------------------------------------------------------------------------------

  /** Works out who the visitor is and opens the pre-join step. */
  async init(): Promise<void> {
    const fromLink = fragmentParam(window.location.hash, 'token');
    if (fromLink) {
      storeInviteToken(fromLink);
      replaceUrlQuietly(window.location.pathname + window.location.search);
    }
    const token = fromLink ?? readInviteToken();
    document.addEventListener('visibilitychange', this.onVisible);
    try {
      if (token && (await this.asPartner(token))) return;
      if (await this.asTherapist()) return;
      this.phase = token ? 'invalid' : 'no-access';
    } catch {
      this.phase = 'error';
    }
  }

  private async asPartner(token: string): Promise<boolean> {
    let view: PartnerBookingView;
    try {
      view = await api.get<PartnerBookingView>('/api/bookings/me', { token });
    } catch (error) {
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return false;
      throw error;
    }
    if (view.booking.id !== this.sessionId) return false;
    this.token = token;
    this.api = sessionApi(this.sessionId, { token });
    this.info = {
      role: 'partner',
      seat: view.seat,
      therapistName: view.therapist.displayName,
      partners: view.partners,
      start: view.booking.start,
      end: view.booking.end,
    };
    if (view.booking.status === 'cancelled') {
      this.phase = 'cancelled';
      return true;
    }
    this.enterPrejoin();
    return true;
  }

  private async asTherapist(): Promise<boolean> {
    let name: string;
    try {
      const me = await api.get<{ therapist: { displayName: string } }>('/api/me');
      name = me.therapist.displayName;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return false;
      throw error;
    }
    this.api = sessionApi(this.sessionId, {});
    const now = Date.now();
    let booking: BookingListItem | undefined;
    try {
      const { bookings } = await api.get<{ bookings: BookingListItem[] }>('/api/me/bookings', {
        query: {
          from: new Date(now - 2 * 86_400_000).toISOString(),
          to: new Date(now + 120 * 86_400_000).toISOString(),
        },
      });
      booking = bookings.find((b) => b.id === this.sessionId);
    } catch {
      // Names and times are a nicety here; joining tells whether the session is ours.
    }
    this.info = {
      role: 'therapist',
      seat: null,
      therapistName: name,
      partners: booking?.partners ?? [],
      start: booking?.start ?? null,
      end: booking?.end ?? null,
    };
    if (booking?.status === 'cancelled') {
      this.phase = 'cancelled';
      return true;
    }
    this.enterPrejoin();
    return true;
  }

  // ---- pre-join and joining -----------------------------------------------------------------------

  private enterPrejoin(): void {
    this.phase = 'prejoin';
    void this.media.start();
    this.live.warmUp();
    // Say when the room opens before anyone clicks; joining by itself starts only after a click.
    const start = this.info?.start ? Date.parse(this.info.start) : NaN;
    if (start - JOIN_OPENS_BEFORE_MS > Date.now()) {
      this.notOpen = { opensAt: new Date(start - JOIN_OPENS_BEFORE_MS).toISOString(), closed: false };
    }
  }

  /** The Join button: admitted → room, waiting → waiting room, not open → wait for the window. */
  async join(): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    this.joinError = null;
    try {
      const result = await this.api.join(this.together);
      this.notOpen = null;
      if (result.status === 'admitted') await this.enterRoom(result);
      else this.enterWaiting(result.since);
    } catch (error) {
      this.handleJoinError(error, () => void this.join());
    } finally {
      this.joining = false;
    }
  }

  private handleJoinError(error: unknown, retry: () => void): void {
    if (!(error instanceof ApiError)) {
      this.joinError = 'generic';
      return;
    }
    if (error.code === 'not_open') {
      const opensAt = String(error.extra.opensAt ?? '');
      const closed = Date.parse(opensAt) <= Date.now();
      this.notOpen = { opensAt, closed };
      if (!closed && opensAt) {
        // Try again the moment the window opens (timers may fire late; the server decides).
        const delay = Math.max(1000, Date.parse(opensAt) - Date.now() + 500);
        this.later(retry, Math.min(delay, 60_000));
      }
      return;
    }
    if (error.code === 'session_ended') {
      this.endedAt = String(error.extra.endedAt ?? '') || null;
      void this.finish('ended');
      return;
    }
    if (error.code === 'booking_cancelled') {
      void this.finish('cancelled');
      return;
    }
    if (error.status === 401 || error.status === 403 || error.status === 404) {
      void this.finish('invalid');
      return;
    }
    this.joinError = error.isNetwork ? 'offline' : 'generic';
  }

  private enterWaiting(since: string): void {
    this.clearTimers();
    this.phase = 'waiting';
    this.waitingSince = since;
    this.waitingOffline = false;
    this.scheduleWaitPoll();
  }

  private scheduleWaitPoll(): void {
    this.later(async () => {
      if (this.phase !== 'waiting') return;
      try {
        const result = await this.api.join(this.together);
        this.waitingOffline = false;
        if (this.phase !== 'waiting') return;
        if (result.status === 'admitted') {
          await this.enterRoom(result);
          return;
        }
        this.waitingSince = result.since;
      } catch (error) {
        if (error instanceof ApiError && error.isNetwork) this.waitingOffline = true;
        else if (error instanceof ApiError && error.status !== 429 && error.status < 500) {
          this.handleJoinError(error, () => undefined);
          if (this.phase !== 'waiting') return;
        }
      }
      this.scheduleWaitPoll();
    }, WAIT_POLL_MS);
  }

  /** Leaves the waiting room (back to the pre-join step). */
  leaveWaiting(): void {
    this.clearTimers();
    this.phase = 'prejoin';
  }

  // ---- the room ----------------------------------------------------------------------------------

  private async enterRoom(join: JoinAdmitted): Promise<void> {
    this.clearTimers();
    this.admitted = join;
    this.tokenAt = Date.now();
    this.sentBack = false;
    this.closedReason = null;
    if (this.info) {
      this.info = { ...this.info, partners: join.partners.length ? join.partners : this.info.partners };
    }
    this.phase = 'room';
    this.startSync(join);
    if (join.role === 'therapist') this.startLobby();
    else this.every(() => void this.partnerCheck(), PARTNER_CHECK_MS);
    if (join.role === 'therapist') this.every(() => (this.talk = this.talkTime.totals(Date.now())), 1000);
    this.every(() => {
      if (this.live.status === 'unreachable' && !this.videoRetrying) void this.retryVideo();
    }, VIDEO_RETRY_MS);
    await this.connectVideo(join);
  }

  private async connectVideo(join: JoinAdmitted): Promise<void> {
    // A quick click on Join can come before the camera is ready: publish it, not nothing.
    await this.media.whenReady(MEDIA_READY_WAIT_MS);
    await this.live.connect(
      join.livekit.url,
      join.livekit.token,
      { video: this.media.video, audio: this.media.audio },
      join.e2ee,
    );
  }

  /** "Try video again": a fresh token when needed, then connect. */
  async retryVideo(): Promise<void> {
    if (this.phase !== 'room' || this.videoRetrying) return;
    this.videoRetrying = true;
    try {
      let join = this.admitted;
      if (!join || Date.now() - this.tokenAt > TOKEN_FRESH_MS) {
        const result = await this.api.join(this.together);
        if (result.status === 'waiting') {
          await this.backToWaiting(result.since);
          return;
        }
        join = this.admitted = result;
        this.tokenAt = Date.now();
      }
      if (this.phase === 'room') await this.connectVideo(join);
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork) this.handleJoinError(error, () => undefined);
    } finally {
      this.videoRetrying = false;
    }
  }

  private startSync(join: JoinAdmitted): void {
    this.sync?.stop();
    const sync = new OverlaySync({ transport: this.api.overlay, pollMs: OVERLAY_POLL_MS });
    this.sync = sync;
    sync.on(OverlaySyncEvent.Changed, (overlay) => {
      this.overlay = overlay;
      this.talkTime.handleProcessChange(overlay.processId, Date.now());
    });
    sync.on(OverlaySyncEvent.PendingChanged, (n) => (this.overlayPending = n));
    sync.on(OverlaySyncEvent.Conflict, () => this.showNotice({ kind: 'conflict' }));
    sync.on(OverlaySyncEvent.SendFailed, () => this.showNotice({ kind: 'failed' }));
    sync.on(OverlaySyncEvent.Rejected, (_action, code) => this.showNotice({ kind: 'rejected', code }));
    sync.on(OverlaySyncEvent.FetchFailed, (error) => void this.handleOverlayFetchError(error));
    sync.handleJoin(join.overlay);
    sync.start();
    // While video is up nothing polls; a slow check still learns of a cancellation or an end
    // that LiveKit did not deliver (a cancelled booking's room closes only as it empties).
    this.every(() => {
      if (this.live.status !== 'connected') return;
      void sync.refresh();
      // A partner who left for good rotated the key: switch to it (the others follow on their
      // first undecryptable frame).
      if (this.live.encrypted) void this.refreshKey();
    }, SESSION_CHECK_MS);
  }

  private async handleOverlayFetchError(error: unknown): Promise<void> {
    if (!(error instanceof ApiError) || this.phase !== 'room') return;
    if (error.code === 'session_ended') {
      await this.finish('ended');
    } else if (error.code === 'booking_cancelled') {
      await this.finish('cancelled');
    } else if (error.status === 403 && !this.isTherapist) {
      // No longer admitted: the therapist sent us back to the waiting room.
      await this.backToWaiting(new Date().toISOString());
    } else if (error.status === 404 || error.status === 401) {
      await this.finish('invalid');
    }
  }

  /** While video is down, a partner asks the API whether they are still in (and the session on). */
  private async partnerCheck(): Promise<void> {
    if (this.phase !== 'room' || this.live.status === 'connected' || this.videoRetrying) return;
    try {
      const result = await this.api.join(this.together);
      if (this.phase !== 'room') return;
      if (result.status === 'waiting') await this.backToWaiting(result.since);
      else {
        this.admitted = result;
        this.tokenAt = Date.now();
      }
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork && error.status < 500) {
        this.handleJoinError(error, () => undefined);
      }
    }
  }

  private async backToWaiting(since: string): Promise<void> {
    this.stopRoom();
    await this.live.close();
    // Fresh camera and microphone tracks (same on/off state and devices) for the next admission:
    // livekit-client can stall publishing a track that was published in an earlier room.
    void this.media.start();
    this.live.warmUp();
    this.sentBack = true;
    this.enterWaiting(since);
  }

  private async handleClosed(reason: RoomClosed): Promise<void> {
    if (this.phase !== 'room') return;
    if (reason === 'ended') {
      await this.finish('ended');
    } else if (reason === 'removed') {
      // Sent back (or the session ended meanwhile): joining again tells which.
      try {
        const result = await this.api.join(this.together);
        if (result.status === 'waiting') await this.backToWaiting(result.since);
        else await this.enterRoom(result);
      } catch (error) {
        this.handleJoinError(error, () => undefined);
      }
    } else if (reason === 'duplicate') {
      this.closedReason = 'duplicate';
      this.stopRoom();
      this.phase = 'left';
    } else {
      this.sync?.handleConnectionChange(false);
      this.live.status = 'unreachable';
    }
  }

  /** Our own leave: disconnects, turns the camera off, offers to rejoin. */
  async leave(): Promise<void> {
    this.stopRoom();
    // A partner leaves for good: the API rotates the media key so this device cannot decrypt
    // what follows, and coming back goes through the waiting room. Best effort: leaving never
    // waits on the network for long.
    if (!this.isTherapist && this.admitted) {
      await Promise.race([this.api.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    }
    await this.live.close();
    this.media.dispose();
    this.phase = 'left';
  }

  /** Rejoin after leaving: back to pre-join with a fresh camera. */
  rejoin(): void {
    this.closedReason = null;
    this.replaceMedia();
    this.enterPrejoin();
  }

  // ---- therapist -----------------------------------------------------------------------------------

  /** One overlay change, shown at once (see `OverlaySync.dispatch`). */
  change(action: OverlayAction): boolean {
    return this.sync?.dispatch(action) ?? false;
  }

  private startLobby(): void {
    const poll = async () => {
      if (this.phase !== 'room') return;
      try {
        this.lobby = await this.api.lobby();
        this.lobbyOffline = false;
        if (this.lobby.endedAt) {
          this.endedAt = this.lobby.endedAt;
          await this.finish('ended');
        }
      } catch (error) {
        this.lobbyOffline = true;
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
          await this.finish('invalid');
        }
      }
    };
    void poll();
    this.every(() => void poll(), LOBBY_POLL_MS);
  }

  async admit(seat: Seat): Promise<void> {
    this.lobby = await this.api.admit(seat);
  }

  async sendBack(seat: Seat): Promise<void> {
    const result = await this.api.sendBack(seat);
    this.lobby = result;
    // The rotated key: from now on only those who stay can decrypt what we send.
    if (result.e2ee) await this.live.setKey(result.e2ee);
  }

  async mute(seat: Seat): Promise<boolean> {
    const result = await this.api.mute(seat);
    return result.muted;
  }

  async end(): Promise<void> {
    const result = await this.api.end();
    this.endedAt = result.endedAt;
    await this.finish('ended');
  }

  // ---- the end ----------------------------------------------------------------------------------

  private async finish(phase: 'ended' | 'cancelled' | 'invalid'): Promise<void> {
    this.stopRoom();
    this.clearTimers();
    await this.live.close();
    this.live.status = 'idle';
    this.media.dispose();
    this.phase = phase;
  }

  private stopRoom(): void {
    this.clearTimers();
    this.sync?.stop();
    this.sync = null;
  }

  private replaceMedia(): void {
    // A disposed LocalMedia cannot start again: swap in a new one.
    this.media = new LocalMedia();
  }

  /** Stops everything: timers, video, camera. */
  dispose(): void {
    this.disposed = true;
    document.removeEventListener('visibilitychange', this.onVisible);
    this.stopRoom();
    this.live.dispose();
    this.media.dispose();
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
  }

  private showNotice(notice: ConsoleNotice): void {
    this.notice = notice;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = null), notice.kind === 'rejected' ? 3000 : 8000);
  }

  private later(fn: () => void | Promise<void>, ms: number): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    this.timers.add(timer);
  }

  private every(fn: () => void, ms: number): void {
    if (this.disposed) return;
    this.intervals.add(setInterval(fn, ms));
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    for (const i of this.intervals) clearInterval(i);
    this.timers.clear();
    this.intervals.clear();
  }
}
