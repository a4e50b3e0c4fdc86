/**
 * The overlay as it travels in LiveKit room metadata: ids only. Custom text (and anything
 * personal), the Behavior Change Request texts and the undo history never go to LiveKit; clients
 * fetch the full state from `GET /api/sessions/:id/overlay`.
 */
import { copyCard } from './reducer';
import { LiveKitOverlay, type OverlayCard, type OverlayState } from './schema';

/** Longest metadata `parseLiveKitOverlay` reads; an ids-only overlay is a few hundred bytes. */
const MAX_METADATA_LENGTH = 4096;

/**
 * The ids-only copy of the overlay for LiveKit: a custom card loses its text, `undo` stays
 * behind, and `parentRole` and a paused timer's `pausedRemaining` appear only when set.
 *
 * @example overlayForLiveKit(state).card // { kind: 'custom' } for a custom card
 */
export function overlayForLiveKit(state: OverlayState): LiveKitOverlay {
  const { timer } = state;
  return {
    version: state.version,
    processId: state.processId,
    stepId: state.stepId,
    sender: state.sender,
    visible: state.visible,
    card: liveKitCard(state.card),
    timer: timer
      ? {
          startedAt: timer.startedAt,
          seconds: timer.seconds,
          ...(timer.pausedRemaining !== undefined && { pausedRemaining: timer.pausedRemaining }),
        }
      : null,
    ...(state.parentRole && { parentRole: state.parentRole }),
  };
}

/**
 * The room metadata string the server sets after each overlay write.
 *
 * @example await roomService.updateRoomMetadata(sessionId, encodeLiveKitOverlay(state));
 */
export function encodeLiveKitOverlay(state: OverlayState): string {
  return JSON.stringify(overlayForLiveKit(state));
}

/**
 * Reads `room.metadata` on a client: the ids-only overlay, or `null` when the metadata is
 * empty, not JSON or not an overlay. Never throws.
 *
 * @example
 * const incoming = parseLiveKitOverlay(room.metadata ?? '');
 * if (shouldApply(current, incoming)) show(incoming);
 */
export function parseLiveKitOverlay(metadata: string): LiveKitOverlay | null {
  if (typeof metadata !== 'string' || !metadata || metadata.length > MAX_METADATA_LENGTH) {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(metadata);
  } catch {
    return null;
  }
  const parsed = LiveKitOverlay.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * A card with ids only: a custom card loses its text (keeping whom it addresses). Used for
 * LiveKit metadata and the timeline, neither of which may carry the therapist's free text.
 *
 * @example liveKitCard({ kind: 'custom', text: 'Mari, …', to: 'A' }) // { kind: 'custom', to: 'A' }
 */
export function liveKitCard(card: OverlayCard | null): LiveKitOverlay['card'] {
  if (!card) return null;
  if (card.kind === 'custom') return { kind: 'custom', ...(card.to && { to: card.to }) };
  return copyCard(card);
}
