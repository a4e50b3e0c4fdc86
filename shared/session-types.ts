/**
 * The sessions API's response shapes (DESIGN §4), written once for the functions that send them
 * and the session pages that read them. Types only: nothing here exists at run time.
 */
import type { LiveKitOverlay, OverlayActionType, OverlayState } from './overlay';
import type { DeckOverrides } from './dialogues/overrides';
import type { Locale, Seat } from './schemas';

/** Who a participant is in a session: the therapist or one of the couple. */
export type Role = 'therapist' | 'partner';

/** What LiveKit made of a best-effort call: done, or not reachable (the request still succeeds). */
export type LiveKitOutcome = 'ok' | 'unreachable';

/** `POST …/join` 200: let into the room, with a LiveKit token and the current overlay. */
export interface JoinAdmitted {
  status: 'admitted';
  livekit: { url: string; token: string };
  identity: string;
  role: Role;
  seat: Seat | null;
  /** This participant's display name (both names when a couple shares a device). */
  name: string;
  together: boolean;
  partners: { seat: Seat; name: string }[];
  overlay: OverlayState;
  /**
   * The session's media key (base64url, 256 bits) and its index: for admitted participants only.
   * Null when the therapist's setting turned end-to-end encryption off for this session.
   */
  e2ee: SessionKey | null;
}

/** An end-to-end encryption key of a session; `index` grows with each rotation. */
export interface SessionKey {
  key: string;
  index: number;
}

/** `POST …/join` 202: the partner waits in the lobby until the therapist admits their seat. */
export interface JoinWaiting {
  status: 'waiting';
  since: string;
  seat: Seat;
}

/** `POST …/join`: admitted (200) or waiting (202). */
export type JoinResult = JoinAdmitted | JoinWaiting;

/** Where a seat stands in the waiting room. */
/** `left`: the partner left the room themselves; like `sent_back`, coming back needs admission. */
export type SeatState = 'not_arrived' | 'waiting' | 'admitted' | 'sent_back' | 'left';

/** One seat of the waiting room as the therapist sees it. */
export interface LobbySeat {
  seat: Seat;
  name: string;
  state: SeatState;
  /** When the seat entered its state; null while not arrived. */
  since: string | null;
  /** Both partners sit at this seat's device. */
  together: boolean;
}

/** A partner's discreet safety signal: "I need a pause" or "Ouch". */
export type SignalKind = 'pause' | 'ouch';

/** The latest signal of a seat, and whether the therapist has acknowledged it. */
export interface SeatSignal {
  seat: Seat;
  kind: SignalKind;
  at: string;
  /** When the therapist acknowledged it; null while it waits. */
  seenAt: string | null;
}

/** `GET …/lobby` and `POST …/admit`: both seats, and when the session ended (if it did). */
export interface LobbyView {
  seats: LobbySeat[];
  endedAt: string | null;
  /** Each seat's latest safety signal (only for the therapist; never shown to the other partner). */
  signals: SeatSignal[];
}

/** `POST …/send-back`: the lobby after the send-back, and whether LiveKit removed the partner. */
export type SendBackResult = LobbyView & {
  livekit: LiveKitOutcome;
  /** The key after the send-back's rotation, for the therapist to switch to at once. */
  e2ee: SessionKey | null;
};

/** `POST …/mute`: whether the partner's microphone was muted. */
export interface MuteResult {
  seat: Seat;
  muted: boolean;
  livekit: LiveKitOutcome;
}

/** `POST …/end`: when the session ended (the first end), and whether LiveKit deleted the room. */
export interface EndResult {
  endedAt: string;
  livekit: LiveKitOutcome;
}

/** The card as the timeline keeps it: its kind and id, never custom text. */
export type TimelineCard = LiveKitOverlay['card'] & {};

/** One timeline event: ids, seats and times only — never names or custom card text. */
export type TimelineEvent =
  /** A partner reached the waiting room (first time, or again after a send-back). */
  | { type: 'arrived'; at: string; seat: Seat; together: boolean }
  | { type: 'admitted'; at: string; seat: Seat }
  | { type: 'sent_back'; at: string; seat: Seat; livekit: LiveKitOutcome }
  /** The partner left the room with Leave (the key was rotated; coming back needs admission). */
  | { type: 'left'; at: string; seat: Seat; livekit: LiveKitOutcome }
  | { type: 'muted'; at: string; seat: Seat; livekit: LiveKitOutcome }
  /** A partner joined video with a token that was no longer valid (sent back); removed again. */
  | { type: 'stale_token_removed'; at: string; seat: Seat; livekit: LiveKitOutcome }
  /** The API handed out a LiveKit token (a join that was let in). */
  | { type: 'token_issued'; at: string; role: Role; seat: Seat | null }
  | {
      type: 'overlay';
      at: string;
      version: number;
      action: OverlayActionType;
      processId: string;
      stepId: string;
      sender: Seat;
      visible: boolean;
      card: TimelineCard | null;
    }
  | { type: 'ended'; at: string; livekit: LiveKitOutcome }
  /** A partner's safety signal, and the therapist's acknowledgement of it. */
  | { type: 'signal'; at: string; seat: Seat; kind: SignalKind }
  | { type: 'signal_seen'; at: string; seat: Seat }
  /** From LiveKit webhooks. */
  | {
      type: 'participant_joined' | 'participant_left' | 'participant_connection_aborted';
      at: string;
      identity: string;
      role: Role | null;
      seat: Seat | null;
    }
  | { type: 'room_started' | 'room_finished'; at: string };

/** Time spent per process and per step within a session's span. */
export interface Durations {
  /** Seconds of the whole span the durations cover. */
  totalSeconds: number;
  /** In the order the processes were first used. */
  processes: { processId: string; seconds: number }[];
  /** In the order the steps were first used. */
  steps: { processId: string; stepId: string; seconds: number }[];
}

/** The stretch of time a session's durations cover (ISO instants). */
export interface Span {
  start: string;
  end: string;
}

/** `GET …/timeline`: the events (oldest first), their span (null when nothing happened) and durations. */
export interface TimelineView {
  events: TimelineEvent[];
  /** More events exist than one timeline shows (a capped read; see TIMELINE_CAP). */
  truncated: boolean;
  span: Span | null;
  durations: Durations;
}

/**
 * Where a session stands for its caller:
 * - `not_open`: before the join window (`joinOpensAt`);
 * - `lobby`: the window is open and the caller is not in the room yet (a partner not admitted;
 *   the therapist before anyone was let in);
 * - `live`: the window is open and the room is on (the therapist or an admitted partner joined);
 * - `ended`: the therapist ended it, or its time is over;
 * - `cancelled`: the booking was cancelled.
 */
export type SessionStatus = 'not_open' | 'lobby' | 'live' | 'ended' | 'cancelled';

/** `GET /api/sessions/:id`: everything a session page needs to know where it is, in one read. */
export interface SessionView {
  id: string;
  role: Role;
  /** The caller's own seat (partners); null for the therapist. */
  seat: Seat | null;
  /** The caller's seat in the waiting room (partners); null for the therapist. */
  seatState: SeatState | null;
  therapistName: string;
  partners: { seat: Seat; name: string }[];
  start: string;
  end: string;
  joinOpensAt: string;
  status: SessionStatus;
  /** When the therapist ended the session; null otherwise (also when its time simply ran out). */
  endedAt: string | null;
  /** The overlay, for the therapist and admitted partners while the session is on; else null. */
  overlay: OverlayState | null;
  /** The language the session was booked in (the partners' pages default to it). */
  locale: Locale;
  /** A partner's own latest safety signal (so their page shows that it was seen); null otherwise. */
  signal: SeatSignal | null;
  /**
   * The session's therapist's own wording of the deck (texts and added cards), for every caller:
   * resolve the overlay's ids with `deckFor(view.deckOverrides)`. Null when they have none.
   */
  deckOverrides?: DeckOverrides | null;
}
