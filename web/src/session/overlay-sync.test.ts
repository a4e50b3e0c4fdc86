import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyOverlayAction,
  encodeLiveKitOverlay,
  initialOverlay,
  type OverlayAction,
  type OverlayState,
} from '../../../shared/overlay';
import {
  OverlaySync,
  OverlaySyncEvent,
  type OverlayFetchResult,
  type OverlaySendResult,
  type OverlayTransport,
  type SyncedOverlay,
} from './overlay-sync';

const NOW = new Date('2026-12-01T09:00:00Z');

function after(state: OverlayState, ...actions: OverlayAction[]): OverlayState {
  return actions.reduce((s, a) => {
    const r = applyOverlayAction(s, a, NOW);
    if (!r.ok) throw new Error(r.message);
    return r.state;
  }, state);
}

/** A server that holds one overlay and answers like the API, with controllable answers. */
function fakeServer(start: OverlayState = initialOverlay()) {
  let state = start;
  const sends: { baseVersion: number; action: OverlayAction }[] = [];
  const fetches: (string | null)[] = [];
  const gates: (() => void)[] = [];
  let gated = false;
  let failNext: Error | null = null;
  const transport: OverlayTransport = {
    async fetch(etag): Promise<OverlayFetchResult | null> {
      fetches.push(etag);
      const tag = `"v${state.version}"`;
      return etag === tag ? null : { overlay: state, etag: tag };
    },
    async send(baseVersion, action): Promise<OverlaySendResult> {
      sends.push({ baseVersion, action });
      if (gated) await new Promise<void>((resolve) => gates.push(resolve));
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      if (baseVersion !== state.version) return { ok: false, overlay: state };
      const r = applyOverlayAction(state, action, NOW);
      if (!r.ok) throw new Error(r.code);
      state = r.state;
      return { ok: true, overlay: state };
    },
  };
  return {
    transport,
    sends,
    fetches,
    get state() {
      return state;
    },
    /** Another writer (e.g. a second tab) changes the overlay. */
    change(...actions: OverlayAction[]) {
      state = after(state, ...actions);
      return state;
    },
    hold() {
      gated = true;
    },
    release() {
      gated = false;
      gates.splice(0).forEach((g) => g());
    },
    failNextSend(error: Error) {
      failNext = error;
    },
  };
}

/** A therapist's page that joined the server's state, its clock at NOW. */
function joined() {
  const server = fakeServer();
  const sync = new OverlaySync({ transport: server.transport, now: () => NOW });
  sync.handleJoin(server.state);
  return { server, sync };
}

function record(sync: OverlaySync) {
  const shown: SyncedOverlay[] = [];
  sync.on(OverlaySyncEvent.Changed, (o) => shown.push(o));
  return shown;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('OverlaySync: deliveries', () => {
  it('shows the join state, then only strictly higher versions from LiveKit', () => {
    const server = fakeServer();
    const sync = new OverlaySync({ transport: server.transport });
    const shown = record(sync);
    const v1 = initialOverlay();
    sync.handleJoin(v1);
    expect(sync.overlay).toEqual(v1);

    sync.handleMetadata(encodeLiveKitOverlay(v1)); // same version: ignored
    const v3 = after(v1, { type: 'next' }, { type: 'swapRoles' });
    sync.handleMetadata(encodeLiveKitOverlay(v3));
    sync.handleMetadata(encodeLiveKitOverlay(after(v1, { type: 'next' }))); // late v2: ignored
    expect(shown.map((s) => s.version)).toEqual([1, 3]);
    expect(sync.overlay).toMatchObject({ stepId: 'intention', sender: 'B' });
  });

  it('ignores empty, malformed and foreign room metadata', () => {
    const sync = new OverlaySync({ transport: fakeServer().transport });
    const shown = record(sync);
    sync.handleMetadata(undefined);
    sync.handleMetadata('');
    sync.handleMetadata('{not json');
    sync.handleMetadata(JSON.stringify({ hello: 'world' }));
    expect(shown).toEqual([]);
    expect(sync.overlay).toBeNull();
  });

  it('fetches the text of a custom card that arrived through LiveKit', async () => {
    const { server, sync } = joined();
    sync.handleConnectionChange(true);
    sync.start();
    const withCard = server.change({ type: 'showCustom', text: 'Breathe together' });
    sync.handleMetadata(encodeLiveKitOverlay(withCard));
    expect(sync.overlay?.card).toEqual({ kind: 'custom' });

    await vi.advanceTimersByTimeAsync(0);
    expect(sync.overlay?.card).toEqual({ kind: 'custom', text: 'Breathe together' });
    expect(sync.overlay?.version).toBe(withCard.version);
    expect(server.fetches).toEqual([null]);
    sync.stop();
  });

  it('retries the custom text every poll interval until the server answers', async () => {
    const server = fakeServer();
    let failures = 2;
    const transport: OverlayTransport = {
      ...server.transport,
      fetch: async (etag) => {
        if (failures-- > 0) throw new Error('offline');
        return server.transport.fetch(etag);
      },
    };
    const sync = new OverlaySync({ transport, pollMs: 2000 });
    const failed = vi.fn();
    sync.on(OverlaySyncEvent.FetchFailed, failed);
    sync.handleConnectionChange(true);
    sync.start();
    sync.handleMetadata(encodeLiveKitOverlay(server.change({ type: 'showCustom', text: 'Hi' })));
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.overlay?.card).toEqual({ kind: 'custom' });
    await vi.advanceTimersByTimeAsync(4000);
    expect(failed).toHaveBeenCalledTimes(2);
    expect(sync.overlay?.card).toEqual({ kind: 'custom', text: 'Hi' });
    sync.stop();
  });
});

describe('OverlaySync: polling while LiveKit is not connected', () => {
  it('polls every 2 s with If-None-Match and applies new versions', async () => {
    const { server, sync } = joined();
    sync.start();
    expect(server.fetches).toEqual([]); // the join state is fresh: the first poll waits

    await vi.advanceTimersByTimeAsync(2000);
    expect(server.fetches).toEqual([null]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.fetches).toEqual([null, '"v1"']); // 304

    server.change({ type: 'next' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sync.overlay).toMatchObject({ version: 2, stepId: 'intention' });
    sync.stop();
  });

  it('stops polling when LiveKit connects and polls at once when it drops', async () => {
    const { server, sync } = joined();
    sync.start();
    sync.handleConnectionChange(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.fetches).toEqual([]);
    expect(sync.polling).toBe(false);

    server.change({ type: 'swapRoles' });
    sync.handleConnectionChange(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.fetches).toHaveLength(1);
    expect(sync.overlay?.sender).toBe('B');
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.fetches).toHaveLength(2);
    sync.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.fetches).toHaveLength(2);
  });

  it('polls at once when started without any state', async () => {
    const server = fakeServer();
    const sync = new OverlaySync({ transport: server.transport });
    sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.overlay?.version).toBe(1);
    sync.stop();
  });
});

describe('OverlaySync: the therapist’s own changes', () => {
  it('shows a change at once and keeps the server’s answer', async () => {
    const { server, sync } = joined();
    expect(sync.dispatch({ type: 'next' })).toBe(true);
    expect(sync.overlay).toMatchObject({ version: 2, stepId: 'intention' }); // before any answer
    expect(sync.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sends).toEqual([{ baseVersion: 1, action: { type: 'next' } }]);
    expect(sync.overlay).toEqual(server.state);
    expect(sync.pending).toBe(0);
  });

  it('sends queued changes one at a time, each on the newest confirmed version', async () => {
    const { server, sync } = joined();
    sync.dispatch({ type: 'next' });
    sync.dispatch({ type: 'next' });
    sync.dispatch({ type: 'swapRoles' });
    expect(sync.overlay).toMatchObject({ version: 4, stepId: 'send', sender: 'B' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sends.map((s) => s.baseVersion)).toEqual([1, 2, 3]);
    expect(sync.overlay).toEqual(server.state);
    expect(server.state).toMatchObject({ version: 4, stepId: 'send', sender: 'B' });
  });

  it('rolls back to the server’s state on 409 and drops the unsent changes', async () => {
    const { server, sync } = joined();
    const conflicts: SyncedOverlay[] = [];
    sync.on(OverlaySyncEvent.Conflict, (_a, current) => conflicts.push(current));
    server.change({ type: 'selectProcess', processId: server.state.processId }, { type: 'swapRoles' }); // another tab: v3

    sync.dispatch({ type: 'next' });
    sync.dispatch({ type: 'next' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sends).toHaveLength(1);
    expect(sync.overlay).toEqual(server.state);
    expect(sync.overlay).toMatchObject({ version: 3, sender: 'B', stepId: 'appointment' });
    expect(conflicts).toEqual([server.state]);
    expect(sync.pending).toBe(0);

    // The therapist retries on the fresh state and it succeeds.
    sync.dispatch({ type: 'next' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.state).toMatchObject({ version: 4, stepId: 'intention' });
  });

  it('rolls back when a change cannot be saved at all', async () => {
    const { server, sync } = joined();
    const failed = vi.fn();
    sync.on(OverlaySyncEvent.SendFailed, failed);
    server.failNextSend(new Error('network'));
    sync.dispatch({ type: 'swapRoles' });
    expect(sync.overlay?.sender).toBe('B');
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.overlay).toEqual(initialOverlay());
    expect(failed).toHaveBeenCalledWith({ type: 'swapRoles' }, expect.any(Error));
  });

  it('does not apply its own change twice when LiveKit echoes it before the answer', async () => {
    const { server, sync } = joined();
    const shown = record(sync);
    server.hold();
    sync.dispatch({ type: 'next' });
    await vi.advanceTimersByTimeAsync(0);
    // The server saved v2 and published it; the HTTP answer is still on its way.
    const echo = after(server.state, { type: 'next' });
    sync.handleMetadata(encodeLiveKitOverlay(echo));
    expect(sync.overlay).toMatchObject({ version: 2, stepId: 'intention' });
    server.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.overlay).toMatchObject({ version: 2, stepId: 'intention' });
    expect(shown.every((s) => s.stepId !== 'send')).toBe(true);
  });

  it('refuses what the reducer refuses, without a request', async () => {
    const server = fakeServer();
    const sync = new OverlaySync({ transport: server.transport });
    const rejected = vi.fn();
    sync.on(OverlaySyncEvent.Rejected, rejected);
    expect(sync.dispatch({ type: 'next' })).toBe(false); // no state yet
    sync.handleJoin(server.state);
    expect(sync.dispatch({ type: 'prev' })).toBe(false);
    expect(sync.dispatch({ type: 'showStem', stemId: 'nope' })).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(rejected.mock.calls.map((c) => c[1])).toEqual(['no_state', 'at_first_step', 'unknown_stem']);
    expect(server.sends).toEqual([]);
  });

  it('keeps a custom card’s text it typed itself when LiveKit sends the ids-only copy', async () => {
    const { server, sync } = joined();
    sync.dispatch({ type: 'showCustom', text: 'Take a breath' });
    await vi.advanceTimersByTimeAsync(0);
    sync.handleMetadata(encodeLiveKitOverlay(server.state));
    expect(sync.overlay?.card).toEqual({ kind: 'custom', text: 'Take a breath' });
  });

  it('keeps a custom card’s addressee when it acts on the ids-only copy from LiveKit', async () => {
    const server = fakeServer();
    const sync = new OverlaySync({ transport: server.transport, now: () => NOW });
    sync.handleConnectionChange(true);
    const withCard = server.change({ type: 'showCustom', text: 'Say it to Jaan', to: 'B' });
    sync.handleMetadata(encodeLiveKitOverlay(withCard));
    expect(sync.overlay?.card).toEqual({ kind: 'custom', to: 'B' });
    sync.dispatch({ type: 'startTimer', seconds: 60 });
    expect(sync.overlay?.card).toEqual({ kind: 'custom', to: 'B' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.state.card).toEqual({ kind: 'custom', text: 'Say it to Jaan', to: 'B' });
  });

  it('sends an undo without guessing and shows the server’s answer', async () => {
    const server = fakeServer();
    const sync = new OverlaySync({ transport: server.transport, now: () => NOW });
    sync.handleConnectionChange(true);
    // The therapist's page knows the state only from LiveKit: no undo history in it.
    sync.handleMetadata(encodeLiveKitOverlay(server.change({ type: 'next' }, { type: 'next' })));
    expect(sync.canUndo).toBe(false);
    sync.dispatch({ type: 'switchAndStart' });
    expect(sync.overlay).toMatchObject({ sender: 'B', stepId: 'appointment' });
    expect(sync.canUndo).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.canUndo).toBe(true); // the server's answer carries the snapshot

    expect(sync.dispatch({ type: 'undo' })).toBe(true);
    expect(sync.overlay).toMatchObject({ sender: 'B', stepId: 'appointment' }); // not guessed
    expect(sync.pending).toBe(1);
    sync.dispatch({ type: 'next' }); // queued behind the undo, applied by the server
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sends.map((s) => s.action.type)).toEqual(['switchAndStart', 'undo', 'next']);
    expect(sync.overlay).toEqual(server.state);
    expect(server.state).toMatchObject({ sender: 'A', stepId: 'mirror' });
  });

  it('offers no second undo right after one', async () => {
    const { server, sync } = joined();
    sync.dispatch({ type: 'switchAndStart' });
    sync.dispatch({ type: 'undo' });
    expect(sync.canUndo).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.canUndo).toBe(false);
    expect(sync.overlay).toMatchObject({ sender: 'A', version: 3 });
  });
});
