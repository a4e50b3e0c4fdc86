/**
 * The session overlay: its zod schemas, the one pure reducer, the ids-only LiveKit copy and
 * the localized view for the screens.
 */
export {
  CustomText,
  LiveKitOverlay,
  OverlayAction,
  OverlayCard,
  OverlayState,
  OverlayTimer,
  TimerSeconds,
  type OverlayActionType,
} from './schema';
export {
  applyOverlayAction,
  DEFAULT_PROCESS_ID,
  initialOverlay,
  OVERLAY_ERROR_CODES,
  shouldApply,
  type OverlayErrorCode,
  type OverlayResult,
} from './reducer';
export { cardIdsOnly, encodeLiveKitOverlay, overlayForLiveKit, parseLiveKitOverlay } from './livekit-metadata';
export {
  overlayView,
  type OverlayCardView,
  type OverlayStepView,
  type OverlayView,
} from './view';
