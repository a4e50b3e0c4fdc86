/**
 * Talk-time balance for the therapist: how many seconds each partner has spoken in the current
 * dialogue, from LiveKit's `ActiveSpeakersChanged`. A pure accumulator: the caller passes the
 * speaking identities and the time of each change; nothing here reads a clock.
 */
import type { Seat } from '../../../shared/schemas';
import { seatOf } from '../../../shared/session-identity';

export interface TalkTotals {
  /** Seconds spoken per seat. */
  A: number;
  B: number;
}

/**
 * @example
 * const talk = new TalkTime();
 * room.on(RoomEvent.ActiveSpeakersChanged, (s) => talk.handleActiveSpeakers(s.map((p) => p.identity), Date.now()));
 * talk.totals(Date.now()) // { A: 42.5, B: 30 }
 */
export class TalkTime {
  private readonly spoken: Record<Seat, number> = { A: 0, B: 0 };
  /** Since when each seat has been speaking, in ms; absent while silent. */
  private readonly since: Partial<Record<Seat, number>> = {};
  private processId: string | null = null;

  constructor(private readonly seatOfIdentity: (identity: string) => Seat | null = seatOf) {}

  /** The current dialogue's process id, `null` before the first one. */
  get process(): string | null {
    return this.processId;
  }

  /**
   * The set of active speakers changed at `at` (ms). The therapist and unknown identities are
   * ignored; a couple on one device counts for the seat that joined.
   */
  handleActiveSpeakers(identities: readonly string[], at: number): void {
    const speaking = new Set<Seat>();
    for (const identity of identities) {
      const seat = this.seatOfIdentity(identity);
      if (seat) speaking.add(seat);
    }
    for (const seat of ['A', 'B'] as const) {
      const started = this.since[seat];
      if (started !== undefined && !speaking.has(seat)) {
        this.spoken[seat] += Math.max(0, at - started) / 1000;
        delete this.since[seat];
      } else if (started === undefined && speaking.has(seat)) {
        this.since[seat] = at;
      }
    }
  }

  /** A new dialogue began (another process): totals start again from zero at `at`. */
  handleProcessChange(processId: string, at: number): void {
    if (processId === this.processId) return;
    const first = this.processId === null;
    this.processId = processId;
    if (first) return;
    this.reset(at);
  }

  /** Starts counting again from zero at `at`; who is speaking now keeps speaking. */
  reset(at: number): void {
    this.spoken.A = 0;
    this.spoken.B = 0;
    for (const seat of ['A', 'B'] as const) if (this.since[seat] !== undefined) this.since[seat] = at;
  }

  /** Seconds each seat has spoken, counting an ongoing turn up to `at`. */
  totals(at: number): TalkTotals {
    const ongoing = (seat: Seat) => {
      const started = this.since[seat];
      return started === undefined ? 0 : Math.max(0, at - started) / 1000;
    };
    return { A: this.spoken.A + ongoing('A'), B: this.spoken.B + ongoing('B') };
  }

  /** Seat A's share of the talk time, 0…1; 0.5 when neither has spoken. */
  shareOfA(at: number): number {
    const { A, B } = this.totals(at);
    return A + B === 0 ? 0.5 : A / (A + B);
  }
}
