/**
 * The overlay of a session: applied with the shared reducer under a conditional write on
 * `version`, then published to LiveKit as room metadata with ids only. A LiveKit failure keeps
 * the saved state (marked unpublished); the next change or join publishes again.
 */
import {
  applyOverlayAction,
  encodeLiveKitOverlay,
  liveKitCard,
  initialOverlay,
  type OverlayAction,
  type OverlayState,
} from '../../shared/overlay';
import { DECK, type Deck } from '../../shared/dialogues';
import type { Deps } from '../config';
import type { BookingItem } from '../booking/repo';
import { AppError, conflict } from '../http/errors';
import { bestEffort } from '../livekit/adapter';
import { log } from '../platform/log';
import { detached } from '../db/table-client';
import { deleteEvent, markOverlayPublished, putEvent, readSessionState, writeOverlay, type SessionRef, type SessionState } from './repo';

/** The stored overlay, or the implicit initial one of a session nobody changed yet. */
export function currentOverlay(session: SessionState): { state: OverlayState; exists: boolean; published: boolean } {
  if (session.overlay) {
    return { state: session.overlay.state, exists: true, published: session.overlay.published };
  }
  // The initial state is the same on every read, so an empty room metadata is harmless.
  return { state: initialOverlay(), exists: false, published: true };
}

/** The weak ETag of an overlay version. */
export const overlayEtag = (version: number) => `W/"${version}"`;

/**
 * Sets the ids-only overlay as room metadata; false if LiveKit failed. Marking the version
 * published is detached work: the answer does not wait for it, and if it is lost (a Lambda
 * frozen after answering) the flag stays false and the next join publishes the same state again —
 * harmless.
 */
export async function publishOverlay(d: Deps, session: SessionRef, state: OverlayState): Promise<boolean> {
  const { livekit } = await bestEffort('updateRoomMetadata', session.id, () =>
    d.livekit.setRoomMetadata(session.id, encodeLiveKitOverlay(state)),
  );
  if (livekit !== 'ok') return false;
  detached(
    () => markOverlayPublished(d.table, session, state.version),
    (err) => log.warn('overlay_mark_failed', { sessionId: session.id, error: err instanceof Error ? err.name : 'Error' }),
  );
  return true;
}

/** Starts a publish without waiting for it (joins never wait on LiveKit). */
export function publishInBackground(d: Deps, session: SessionRef, state: OverlayState): void {
  publishOverlay(d, session, state).catch((err: unknown) => {
    log.warn('overlay_publish_failed', { sessionId: session.id, error: err instanceof Error ? err.name : 'Error' });
  });
}

/**
 * Applies one therapist action on `baseVersion`. A stale base is a 409 with the current state
 * in `overlay`; an action the reducer rejects is a 422 with the reducer's code. `deck` is the
 * deck the session's therapist uses (their added stems are valid ids there).
 */
export async function changeOverlay(
  d: Deps,
  booking: BookingItem,
  session: SessionState,
  baseVersion: number,
  action: OverlayAction,
  deck: Deck = DECK,
): Promise<{ overlay: OverlayState; published: boolean }> {
  const now = d.now();
  const current = currentOverlay(session);
  if (baseVersion !== current.state.version) throw stale(current.state);

  const result = applyOverlayAction(current.state, action, now, deck);
  if (!result.ok) throw new AppError(422, result.code, result.message);
  const next = result.state;

  const base = { version: current.state.version, exists: current.exists };
  // The state and its timeline event side by side (one round trip). When the state write loses
  // to a concurrent change, its event is taken back before the 409. (A crash in that instant
  // would leave one timeline line for a change that did not apply; nothing else depends on it.)
  const [written, event] = await Promise.all([
    writeOverlay(d.table, booking, next, base, now, booking.expiresAt),
    putEvent(
      d.table,
      booking.id,
      {
        type: 'overlay',
        at: now.toISOString(),
        version: next.version,
        action: action.type,
        processId: next.processId,
        stepId: next.stepId,
        sender: next.sender,
        visible: next.visible,
        card: liveKitCard(next.card),
      },
      booking.expiresAt,
    ),
  ]);
  if (!written) {
    const [fresh] = await Promise.all([readSessionState(d.table, booking, now), deleteEvent(d.table, event)]);
    throw stale(currentOverlay(fresh).state);
  }

  const published = await publishOverlay(d, booking, next);
  return { overlay: next, published };
}

function stale(overlay: OverlayState): AppError {
  return conflict('stale_overlay', 'The overlay changed meanwhile; apply your action to the current state', {
    overlay,
  });
}
