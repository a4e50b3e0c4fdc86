/**
 * The session page's phase machine, without a browser: a fake sessions API, room, camera and
 * page, and vitest's fake timers for the polls and the join window.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Both touch `window` or a Web Worker as they load; the controller gets fakes for what they do.
vi.mock('livekit-client/e2ee-worker?worker', () => ({ default: class {} }));
vi.mock('../routing/router.svelte', () => ({ replaceUrlQuietly: () => undefined }));
vi.mock('../i18n/locale.svelte', () => ({ i18n: { suggestLocale: () => undefined } }));

import { encodeLiveKitOverlay, initialOverlay, type OverlayState } from '../../../shared/overlay';
import type { JoinAdmitted, JoinResult, SessionView } from '../../../shared/session-types';
import { ApiError } from '../api';
import type { LiveRoom, LiveRoomCallbacks, VideoStatus } from './media/live-room.svelte';
import type { LocalMedia } from './media/local-media.svelte';
import type { SessionApi, SessionAuth } from './session-api';
import { SessionController, SessionEvent, type Phase } from './session-controller.svelte';

const NOW = Date.parse('2025-03-10T09:50:00Z');
const ID = 'bk_1';
const TOKEN = 'invite-token-A';

const overlay = {
  version: 1,
  processId: 'intentional-dialogue',
  stepId: 'mirror',
  sender: 'A',
  visible: true,
  card: null,
} as unknown as OverlayState;

function view(patch: Partial<SessionView> = {}): SessionView {
  return {
    id: ID,
    role: 'partner',
    seat: 'A',
    seatState: 'not_arrived',
    therapistName: 'Kadri Tamm',
    partners: [
      { seat: 'A', name: 'Mari' },
      { seat: 'B', name: 'Jaan' },
    ],
    start: '2025-03-10T10:00:00Z',
    end: '2025-03-10T10:50:00Z',
    joinOpensAt: '2025-03-10T09:50:00Z',
    status: 'lobby',
    endedAt: null,
    overlay: null,
    locale: 'et',
    signal: null,
    ...patch,
  };
}

function admitted(patch: Partial<JoinAdmitted> = {}): JoinAdmitted {
  return {
    status: 'admitted',
    livekit: { url: 'ws://127.0.0.1:7880', token: 'lk-token' },
    identity: 'partner:A',
    role: 'partner',
    seat: 'A',
    name: 'Mari',
    together: false,
    partners: view().partners,
    overlay,
    e2ee: null,
    ...patch,
  };
}

const waiting: JoinResult = { status: 'waiting', since: '2025-03-10T09:51:00Z', seat: 'A' };

function apiError(status: number, code: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(status, code as ApiError['code'], code, undefined, undefined, extra);
}

/** One caller's API: every call a mock; unset answers reject like a network failure would. */
function fakeApi() {
  return {
    session: vi.fn<() => Promise<SessionView>>(),
    join: vi.fn<(together?: boolean) => Promise<JoinResult>>(),
    lobby: vi.fn(async () => ({ seats: [], endedAt: null as string | null })),
    admit: vi.fn(),
    sendBack: vi.fn(),
    key: vi.fn(async () => ({ e2ee: null })),
    leave: vi.fn(async () => ({ left: true as const })),
    mute: vi.fn(),
    end: vi.fn(async () => ({ endedAt: '2025-03-10T10:40:00Z', livekit: 'ok' as const })),
    timeline: vi.fn(),
    bcr: vi.fn(async () => ({ bcr: null as unknown })),
    saveBcr: vi.fn(),
    signal: vi.fn(),
    signalSeen: vi.fn(),
    overlay: {
      fetch: vi.fn(async () => null),
      send: vi.fn(),
    },
  };
}

/** The room as the controller drives it: connect succeeds unless told otherwise. */
class FakeRoom {
  state: { status: VideoStatus; encrypted: boolean } = { status: 'idle', encrypted: false };
  keyIndex = 0;
  connects = 0;
  reachable = true;
  constructor(readonly callbacks: LiveRoomCallbacks) {}
  warmUp() {}
  async connect(): Promise<boolean> {
    this.connects++;
    if (!this.reachable) {
      this.state = { ...this.state, status: 'unreachable' };
      this.callbacks.onConnectionChange(false);
      return false;
    }
    this.state = { ...this.state, status: 'connected' };
    this.callbacks.onConnectionChange(true);
    return true;
  }
  async close() {
    this.state = { ...this.state, status: 'idle' };
  }
  dispose() {}
  async setKey() {}
  /** The server closes the room on us. */
  closeFromServer(reason: Parameters<LiveRoomCallbacks['onClosed']>[0]) {
    this.state = { ...this.state, status: 'disconnected' };
    this.callbacks.onConnectionChange(false);
    this.callbacks.onClosed(reason);
  }
}

class FakeMedia {
  state = { video: null, audio: null };
  starts = 0;
  disposed = false;
  async start() {
    this.starts++;
  }
  async whenReady() {}
  dispose() {
    this.disposed = true;
  }
}

interface Harness {
  session: SessionController;
  partner: ReturnType<typeof fakeApi>;
  therapist: ReturnType<typeof fakeApi>;
  room: FakeRoom;
  media: FakeMedia[];
  /** Every `PhaseChanged`, in order. */
  phases: Phase[];
}

/** `token`: the partner's invite token on the page; null for none (the therapist). */
function setup(token: string | null = TOKEN): Harness {
  suggestLocale.mockClear();
  const partner = fakeApi();
  const therapist = fakeApi();
  const media: FakeMedia[] = [];
  let room!: FakeRoom;
  const session = new SessionController(ID, {
    api: (auth: SessionAuth) => (auth.token ? partner : therapist) as unknown as SessionApi,
    createRoom: (callbacks) => (room = new FakeRoom(callbacks)) as unknown as LiveRoom,
    createMedia: () => {
      const m = new FakeMedia();
      media.push(m);
      return m as unknown as LocalMedia;
    },
    page: { inviteToken: () => token ?? undefined, onVisible: () => () => undefined, suggestLocale },
  });
  const phases: Phase[] = [];
  session.on(SessionEvent.PhaseChanged, (phase, previous) => {
    // Each event names a real move, and the state already shows it.
    expect(previous).not.toBe(phase);
    expect(session.state.phase).toBe(phase);
    phases.push(phase);
  });
  return { session, partner, therapist, room, media, phases };
}

let harness: Harness | null = null;
const suggestLocale = vi.fn();

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});

afterEach(() => {
  harness?.session.dispose();
  harness = null;
  vi.useRealTimers();
});

describe('a partner', () => {
  it('signals a pause, then learns within 2 s that the therapist saw it, and stops asking', async () => {
    const h = (harness = setup());
    const sent = { seat: 'A' as const, kind: 'pause' as const, at: '2025-03-10T10:01:00Z', seenAt: null };
    const seen = { ...sent, seenAt: '2025-03-10T10:01:03Z' };
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValue(admitted());
    await h.session.init();
    await h.session.join();
    h.partner.session.mockClear();
    h.partner.signal.mockResolvedValue({ signal: sent });
    await h.session.sendSignal('pause');
    expect(h.session.state.signal).toEqual(sent);

    h.partner.session.mockResolvedValueOnce(view({ signal: sent })).mockResolvedValue(view({ signal: seen }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.session.state.signal?.seenAt).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.session.state.signal).toEqual(seen);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.partner.session).toHaveBeenCalledTimes(2);

    h.partner.signal.mockRejectedValue(apiError(429, 'rate_limited'));
    await h.session.sendSignal('ouch');
    expect(h.session.state.signalError).toBe('rate_limited');
    expect(h.session.state.signal).toEqual(seen);
  });

  it('fetches the requests’ texts from the API when the requests card shows, never from LiveKit', async () => {
    const h = (harness = setup());
    const bcr = { requests: ['one', 'two', 'three'] as [string, string, string], chosen: null, from: 'A' as const };
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValue(admitted());
    h.partner.bcr.mockResolvedValue({ bcr });
    await h.session.init();
    await h.session.join();
    expect(h.partner.bcr).not.toHaveBeenCalled();
    const shown = { ...initialOverlay(), version: 2, processId: 'behavior-change-request', stepId: 'requests' };
    h.room.callbacks.onMetadata(encodeLiveKitOverlay({ ...shown, card: { kind: 'bcrRequests', chosen: null } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.partner.bcr).toHaveBeenCalledTimes(1);
    expect(h.session.state.bcr).toEqual(bcr);
  });

  it('goes loading → prejoin → waiting → room → ended, one event per move', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValueOnce(waiting).mockResolvedValueOnce(waiting).mockResolvedValue(admitted());
    expect(h.session.state.phase).toBe('loading');

    await h.session.init();
    expect(h.phases).toEqual(['prejoin']);
    expect(suggestLocale).toHaveBeenCalledWith('et');
    expect(h.session.state.info).toMatchObject({ role: 'partner', seat: 'A', therapistName: 'Kadri Tamm' });
    expect(h.media[0]!.starts).toBe(1);
    expect(h.therapist.session).not.toHaveBeenCalled();

    h.session.setTogether(true);
    await h.session.join();
    expect(h.phases).toEqual(['prejoin', 'waiting']);
    expect(h.session.state.waitingSince).toBe(waiting.since);
    expect(h.partner.join).toHaveBeenLastCalledWith(true);

    // The waiting room asks every 700 ms: still waiting, then let in.
    await vi.advanceTimersByTimeAsync(700);
    expect(h.phases).toEqual(['prejoin', 'waiting']);
    await vi.advanceTimersByTimeAsync(700);
    expect(h.phases).toEqual(['prejoin', 'waiting', 'room']);
    expect(h.partner.join).toHaveBeenCalledTimes(3);
    expect(h.room.connects).toBe(1);
    expect(h.session.state.overlay).toEqual(overlay);

    // The therapist ends the session: LiveKit deletes the room.
    h.room.closeFromServer('ended');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.phases).toEqual(['prejoin', 'waiting', 'room', 'ended']);
    expect(h.media[0]!.disposed).toBe(true);
  });

  it('before the join window: shows when it opens, and a Join click retries by itself until it does', async () => {
    const h = (harness = setup());
    const opensAt = new Date(NOW + 5 * 60_000).toISOString();
    h.partner.session.mockResolvedValue(view({ status: 'not_open', joinOpensAt: opensAt }));
    h.partner.join.mockImplementation(async () => {
      if (Date.now() < Date.parse(opensAt)) throw apiError(409, 'not_open', { opensAt });
      return admitted();
    });

    await h.session.init();
    expect(h.phases).toEqual(['prejoin']);
    expect(h.session.state.notOpen).toEqual({ opensAt, closed: false });

    await h.session.join();
    expect(h.phases).toEqual(['prejoin']);
    expect(h.partner.join).toHaveBeenCalledTimes(1);

    // Retries wait at most a minute each, and the last one lands just after the window opens.
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(h.phases).toEqual(['prejoin']);
    await vi.advanceTimersByTimeAsync(60_000 + 500);
    expect(h.phases).toEqual(['prejoin', 'room']);
    expect(h.session.state.notOpen).toBeNull();
    expect(h.partner.join.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('a cancelled booking shows cancelled and never starts the camera', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view({ status: 'cancelled' }));
    await h.session.init();
    expect(h.phases).toEqual(['cancelled']);
    expect(h.media[0]!.starts).toBe(0);
    expect(h.partner.join).not.toHaveBeenCalled();
  });

  it('an ended session shows ended with its end time', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view({ status: 'ended', endedAt: '2025-03-10T09:45:00Z' }));
    await h.session.init();
    expect(h.phases).toEqual(['ended']);
    expect(h.session.state.endedAt).toBe('2025-03-10T09:45:00Z');
  });

  it('uses the therapist’s own wording and cards from the session read', async () => {
    const h = (harness = setup());
    const stem = { id: 'custom.couples-dialogue.send.k1', role: 'S' as const, text: { en: 'What I need you to know …', et: 'Ma tahan, et sa teaksid …' } };
    h.partner.session.mockResolvedValue(
      view({
        deckOverrides: {
          texts: { 'stem:couples-dialogue.send.feel': { en: 'And then I feel …', et: 'Ja siis tunnen ma …' } },
          added: { 'couples-dialogue': { send: [stem] } },
        },
      }),
    );
    await h.session.init();
    const send = h.session.state.deck.processes.find((p) => p.id === 'couples-dialogue')!.steps.find((s) => s.id === 'send')!;
    expect(send.stems.at(-1)).toEqual(stem);
    expect(send.stems.find((s) => s.id === 'couples-dialogue.send.feel')?.text.et).toBe('Ja siis tunnen ma …');
  });

  it('a token that is not this session’s, and no therapist cookie: invalid', async () => {
    const h = (harness = setup());
    h.partner.session.mockRejectedValue(apiError(404, 'not_found'));
    h.therapist.session.mockRejectedValue(apiError(401, 'unauthorized'));
    await h.session.init();
    expect(h.phases).toEqual(['invalid']);
    expect(h.therapist.session).toHaveBeenCalledTimes(1);
  });

  it('sent back by the therapist: back to the waiting room with a fresh camera', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view({ seatState: 'admitted', status: 'live' }));
    h.partner.join.mockResolvedValueOnce(admitted()).mockResolvedValueOnce(waiting);
    await h.session.init();
    await h.session.join();
    expect(h.phases).toEqual(['prejoin', 'room']);

    h.room.closeFromServer('removed');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.phases).toEqual(['prejoin', 'room', 'waiting']);
    expect(h.session.state.sentBack).toBe(true);
    expect(h.media[0]!.starts).toBe(2);
  });

  it('learns of an end from the 15 s check while video is up', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValue(admitted());
    await h.session.init();
    await h.session.join();
    expect(h.phases).toEqual(['prejoin', 'room']);
    await vi.advanceTimersByTimeAsync(0);
    h.partner.overlay.fetch.mockRejectedValue(
      apiError(409, 'session_ended', { endedAt: '2025-03-10T10:30:00Z' }),
    );

    await vi.advanceTimersByTimeAsync(14_000);
    expect(h.phases).toEqual(['prejoin', 'room']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.phases).toEqual(['prejoin', 'room', 'ended']);
  });

  it('learns of an end while waiting to be let in', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join
      .mockResolvedValueOnce(waiting)
      .mockRejectedValue(apiError(409, 'session_ended', { endedAt: '2025-03-10T10:30:00Z' }));
    await h.session.init();
    await h.session.join();
    await vi.advanceTimersByTimeAsync(700);
    expect(h.phases).toEqual(['prejoin', 'waiting', 'ended']);
    expect(h.session.state.endedAt).toBe('2025-03-10T10:30:00Z');
  });

  it('without video, checks every 5 s that it is still let in (sent back → waiting)', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValueOnce(admitted()).mockResolvedValueOnce(admitted()).mockResolvedValue(waiting);
    h.room.reachable = false;
    await h.session.init();
    await h.session.join();
    expect(h.session.live.state.status).toBe('unreachable');

    await vi.advanceTimersByTimeAsync(5000);
    expect(h.phases).toEqual(['prejoin', 'room']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.phases).toEqual(['prejoin', 'room', 'waiting']);
    expect(h.partner.join).toHaveBeenCalledTimes(3);
  });

  it('the same person joined elsewhere: left, saying why', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValue(admitted());
    await h.session.init();
    await h.session.join();
    h.room.closeFromServer('duplicate');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.phases).toEqual(['prejoin', 'room', 'left']);
    expect(h.session.state.closedReason).toBe('duplicate');
  });

  it('leaves for good, then rejoins through the pre-join step', async () => {
    const h = (harness = setup());
    h.partner.session.mockResolvedValue(view());
    h.partner.join.mockResolvedValue(admitted());
    await h.session.init();
    await h.session.join();
    await h.session.leave();
    expect(h.partner.leave).toHaveBeenCalledTimes(1);
    expect(h.phases).toEqual(['prejoin', 'room', 'left']);

    h.session.rejoin();
    expect(h.phases).toEqual(['prejoin', 'room', 'left', 'prejoin']);
    expect(h.media).toHaveLength(2);
    expect(h.media[1]!.starts).toBe(1);
  });
});

describe('the therapist', () => {
  it('without a token reads the session by cookie, joins and ends it', async () => {
    const h = (harness = setup(null));
    h.therapist.session.mockResolvedValue(view({ role: 'therapist', seat: null, seatState: null }));
    h.therapist.join.mockResolvedValue(admitted({ role: 'therapist', seat: null, identity: 'therapist' }));

    await h.session.init();
    expect(h.partner.session).not.toHaveBeenCalled();
    expect(h.session.isTherapist).toBe(true);
    // The therapist's language is theirs: the booking's language is suggested to partners only.
    expect(suggestLocale).not.toHaveBeenCalled();
    await h.session.join();
    expect(h.phases).toEqual(['prejoin', 'room']);
    expect(h.therapist.lobby).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.therapist.lobby).toHaveBeenCalledTimes(2);

    await h.session.end();
    expect(h.phases).toEqual(['prejoin', 'room', 'ended']);
    expect(h.session.state.endedAt).toBe('2025-03-10T10:40:00Z');
  });

  it('a stale partner token in the tab falls back to the therapist’s cookie', async () => {
    const h = (harness = setup());
    h.partner.session.mockRejectedValue(apiError(401, 'unauthorized'));
    h.therapist.session.mockResolvedValue(view({ role: 'therapist', seat: null, seatState: null }));
    await h.session.init();
    expect(h.phases).toEqual(['prejoin']);
    expect(h.session.isTherapist).toBe(true);
  });

  it('sees the end in the lobby poll', async () => {
    const h = (harness = setup(null));
    h.therapist.session.mockResolvedValue(view({ role: 'therapist', seat: null, seatState: null }));
    h.therapist.join.mockResolvedValue(admitted({ role: 'therapist', seat: null }));
    await h.session.init();
    await h.session.join();
    h.therapist.lobby.mockResolvedValue({ seats: [], endedAt: '2025-03-10T10:35:00Z' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.phases).toEqual(['prejoin', 'room', 'ended']);
    expect(h.session.state.endedAt).toBe('2025-03-10T10:35:00Z');
  });
});

describe('no way in', () => {
  it('neither a token nor a cookie: no access', async () => {
    const h = (harness = setup(null));
    h.therapist.session.mockRejectedValue(apiError(401, 'unauthorized'));
    await h.session.init();
    expect(h.phases).toEqual(['no-access']);
  });

  it('signed in, but another therapist’s session: invalid', async () => {
    const h = (harness = setup(null));
    h.therapist.session.mockRejectedValue(apiError(404, 'not_found'));
    await h.session.init();
    expect(h.phases).toEqual(['invalid']);
  });

  it('the API unreachable: error', async () => {
    const h = (harness = setup());
    h.partner.session.mockRejectedValue(apiError(0, 'network'));
    await h.session.init();
    expect(h.phases).toEqual(['error']);
  });
});

it('the phase is written in one place only', () => {
  const source = readFileSync(new URL('./session-controller.svelte.ts', import.meta.url), 'utf8');
  // `#setPhase` replaces the state with a new phase; `#set` does not take one (its type says so).
  expect(source.match(/this\.#state = [^;]*\bphase\b/g)).toHaveLength(1);
  expect(source).toMatch(/#set\(patch: Partial<Omit<SessionState, 'phase'>>\)/);
});
